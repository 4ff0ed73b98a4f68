package com.omedaphonesync.cli;

import static com.omedaphonesync.cli.CommandLineIT.jsonLines;
import static com.omedaphonesync.cli.CommandLineIT.reports;
import static com.omedaphonesync.cli.JarProcess.assertNoFileContains;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.SimulatorOptions;

/**
 * {@code demo} from the outside (SPEC.md section 2): no credentials, no outside service, every source fed,
 * exit 0, a summary that names where the outputs are, and those outputs under {@code omeda-demo/}.
 */
class DemoCommandIT {
    /** The demo waits up to 90 s for its ids itself; this only keeps a hang from blocking the build. */
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void demoRunsAllThreeSourcesAndShowsWhereTheOutputsAre() throws Exception {
        JarProcess jar = JarProcess.in(dir);

        JarProcess.Result result = jar.run(TIMEOUT, "demo");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Path home = jar.workDir().resolve("omeda-demo").toAbsolutePath();
        Path records = home.resolve("output/phones.jsonl");
        Path deadLetters = home.resolve("output/dead-letter.jsonl");
        assertThat(result.stdout()).as(result.describe())
                .containsIgnoringCase("summary")
                .contains(records.toString(), deadLetters.toString(), home.resolve("output/reports").toString());

        List<JsonNode> written = jsonLines(records);
        assertThat(written).as("records from every source").isNotEmpty()
                .extracting(r -> r.get("source").asText().replaceAll(":.*", ""))
                .contains("file", "queue", "timer");
        assertThat(jsonLines(deadLetters)).extracting(d -> d.get("reason").asText())
                .contains("NOT_FOUND", "INVALID_ID");
        assertThat(home.resolve("input/.done")).as("the dropped sample file is done").isDirectoryContaining(
                "glob:**/*.txt");
        assertThat(reports(home.resolve("output/reports"))).isNotEmpty();

        result.assertNeverPrints(SimulatorOptions.DEFAULT_APP_ID);
        assertNoFileContains(home.resolve("output"), SimulatorOptions.DEFAULT_APP_ID);
    }
}
