package com.omedaphonesync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The DDL of docs/outputs.md ("The tables") is what the code creates, so an operator can create the tables ahead
 * of the first start.
 */
class MirrorDocsTest {
    @Test
    void theOutputsPageShowsTheDdlTheCodeRuns() throws Exception {
        String page = Files.readString(Path.of("docs/outputs.md"));

        for (String statement : MirrorSchema.ddl("phones")) {
            assertThat(page).contains(statement + ";\n");
        }
    }
}
