package com.omedaphonesync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The README's DDL is what the code creates, so an operator can create the tables ahead of the first start. */
class MirrorReadmeTest {
    @Test
    void theReadmeShowsTheDdlTheCodeRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        for (String statement : MirrorSchema.ddl("phones")) {
            assertThat(readme).contains(statement + ";\n");
        }
    }
}
