package com.omedaphonesync.sources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** About how many ids a file holds: its lines (a last one without line break too), an upper bound. */
public final class IdCount {
    private IdCount() {
    }

    /** The file's lines; 0 when it cannot be read (reading it proper reports why). */
    public static long lines(Path file) {
        byte[] buffer = new byte[64 * 1024];
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte last = '\n';
            for (int n; (n = in.read(buffer)) > 0;) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
            if (last != '\n') {
                lines++;
            }
        } catch (IOException e) {
            return 0;
        }
        return lines;
    }
}
