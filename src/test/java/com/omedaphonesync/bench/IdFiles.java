package com.omedaphonesync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Id files for the benchmark: numeric ids, which the simulator answers 200 with 0 to 3 phones (none of them is
 * {@code 12345} nor has a scenario prefix).
 */
final class IdFiles {
    private IdFiles() {
    }

    /** {@code count} distinct ids from {@code first} on. */
    static Path distinct(Path file, long first, long count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (long i = 0; i < count; i++) {
                out.write(Long.toString(first + i));
                out.write('\n');
            }
        }
        return file;
    }

    /**
     * {@code distinct} ids, each ninth followed by a repeat of an earlier id picked at random from the whole file
     * so far (so duplicates are a tenth of the lines and a set of recent ids cannot catch them), then the
     * {@code tail} ids, e.g. slow ones that keep the batch alive after the last fast id.
     */
    static Path withDuplicates(Path file, long first, long distinct, String... tail) throws IOException {
        Random random = new Random(42);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (long i = 0; i < distinct; i++) {
                out.write(Long.toString(first + i));
                out.write('\n');
                if (i % 9 == 8) {
                    out.write(Long.toString(first + (long) (random.nextDouble() * i)));
                    out.write('\n');
                }
            }
            for (String id : tail) {
                out.write(id);
                out.write('\n');
            }
        }
        return file;
    }

    /** Lines of {@link #withDuplicates} that repeat an earlier id. */
    static long duplicatesIn(long distinct) {
        return distinct / 9;
    }
}
