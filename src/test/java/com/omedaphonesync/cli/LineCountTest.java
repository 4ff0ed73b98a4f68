package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "of about N ids" of batch's progress lines: a file of N lines is about N ids, not N + 1. */
class LineCountTest {
    @TempDir
    Path dir;

    @Test
    void aFileEndingWithALineBreakCountsItsLines() throws Exception {
        Path file = Files.writeString(dir.resolve("ids.txt"), "1\n".repeat(20_000), StandardCharsets.UTF_8);

        assertThat(BatchCommand.lineCount(List.of(file))).isEqualTo(20_000);
    }

    @Test
    void aLastLineWithoutLineBreakCountsToo() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "1\n2", StandardCharsets.UTF_8);
        Path empty = Files.writeString(dir.resolve("empty.txt"), "", StandardCharsets.UTF_8);

        assertThat(BatchCommand.lineCount(List.of(a, empty))).isEqualTo(2);
    }
}
