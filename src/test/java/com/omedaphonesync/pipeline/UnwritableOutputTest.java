package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * An output or dead-letter channel that cannot be written must not swallow the id: the unit fails (so a file
 * stays, a message rolls back) instead of counting the id as done.
 */
class UnwritableOutputTest {
    @TempDir
    Path dir;

    /** A file where the output wants a directory: nothing can be written below it. */
    private String blockedFileUri(String name) throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");
        return "file:" + blocker.resolve("sub") + "?fileName=" + name;
    }

    @Test
    void deadLetterThatCannotBeWrittenHoldsTheIdInsteadOfSwallowingIt() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(),
                Map.of("omeda.dead-letter.uri", blockedFileUri("dead-letter.jsonl")))) {
            Path ids = test.idsFile("ids.txt", "NOTFOUND1\n12345\n");

            UnfinishedException unfinished = catchThrowableOfType(UnfinishedException.class,
                    () -> test.app().enrich(ids));

            assertThat(unfinished).isNotNull();
            assertThat(unfinished.summary().held()).isEqualTo(1);
            assertThat(unfinished.summary().deadLettered()).isZero();
            assertThat(unfinished.summary().enriched()).isEqualTo(1);
            assertThat(test.app().totals().deadLettered()).isZero();
        }
    }

    @Test
    void recordsThatCannotBeWrittenHoldTheId() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(),
                Map.of("omeda.output.uris", blockedFileUri("phones.jsonl")))) {
            Path ids = test.idsFile("ids.txt", "12345\n");

            UnfinishedException unfinished = catchThrowableOfType(UnfinishedException.class,
                    () -> test.app().enrich(ids));

            assertThat(unfinished).isNotNull();
            assertThat(unfinished.summary().held()).isEqualTo(1);
            assertThat(unfinished.summary().enriched()).isZero();
        }
    }
}
