package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The mistakes a new operator made, tried the way they were made: each is refused with exit 2 and one line
 * that names the key (and the nearest known one), with no stack trace and no log line about a signal that was
 * never sent; nothing is looked up.
 */
class ConfigurationMistakesIT extends JarAgainstSimulator {
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Duration BATCH = Duration.ofSeconds(120);

    private String[] batch(String... more) {
        return CommandLineIT.concat(new String[] {"batch", "ids.txt", "--omeda.base-url=" + simulator.baseUrl(),
            "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID}, more);
    }

    @Test
    void misspeltKeysInAFileOrOnTheCommandLineExitTwoNamingTheNearestKey() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        CommandLineIT.idsFile(jar, "ids.txt", "12345\n");
        Files.createDirectories(jar.workDir().resolve("config"));
        Files.writeString(jar.workDir().resolve("config/application.properties"),
                "omeda.source.timer.enable=true\n", StandardCharsets.UTF_8);
        long requestsBefore = simulator.requestCount();

        JarProcess.Result inFile = jar.run(QUICK, batch());
        assertOneLine(inFile, "omeda.source.timer.enable (in config/application.properties) is not a known key; "
                + "did you mean omeda.source.timer.enabled?");
        Files.delete(jar.workDir().resolve("config/application.properties"));

        JarProcess.Result onCommandLine = jar.run(QUICK, batch("--omeda.http.concurency=4"));
        assertOneLine(onCommandLine, "omeda.http.concurency (on the command line) is not a known key; did you mean "
                + "omeda.http.concurrency?");

        JarProcess.Result camel = jar.run(QUICK, "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID,
                "--camel.management.prot=9999");
        assertOneLine(camel, "camel.management.prot (on the command line) is not a known key; did you mean "
                + "camel.management.port?");

        assertThat(simulator.requestCount()).as("nothing looked up").isEqualTo(requestsBefore);
    }

    @Test
    void anUnknownOmedaEnvironmentVariableIsAWarningAndTheRunGoesOn() throws Exception {
        JarProcess jar = JarProcess.in(dir).env("OMEDA_HTTP_CONCURENCY", "4");
        CommandLineIT.idsFile(jar, "ids.txt", "12345\n");

        JarProcess.Result result = jar.run(BATCH, batch());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as("an ISO 8601 time with its zone, then the warning\n%s", result.describe())
                .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN .*"
                        + "The environment variable OMEDA_HTTP_CONCURENCY is not a configuration key and is ignored; "
                        + "did you mean OMEDA_HTTP_CONCURRENCY\\?");
    }

    @Test
    void aFileOutputWithoutAFileNameIsOneMessage() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        CommandLineIT.idsFile(jar, "ids.txt", "12345\n");

        JarProcess.Result result = jar.run(QUICK, batch("--omeda.output.uris=file:out2"));

        assertOneLine(result, "omeda.output.uris has 'file:out2' without a fileName: a file output appends to one "
                + "file, e.g. file:out2?fileName=phones.jsonl");
        assertThat(jar.workDir().resolve("out2")).doesNotExist();
    }

    @Test
    void aCsvFormatForAJsonlFileIsAWarning() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        CommandLineIT.idsFile(jar, "ids.txt", "12345\n");

        JarProcess.Result result = jar.run(BATCH, batch("--omeda.output.format=csv"));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).containsPattern("WARN .*omeda.output.format is csv but "
                + "the output file:output\\?fileName=phones.jsonl writes a file named phones.jsonl");
    }

    @Test
    void aConfigPathThatIsADirectorySaysSo() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        CommandLineIT.idsFile(jar, "ids.txt", "12345\n");
        Files.createDirectories(jar.workDir().resolve("conf"));

        JarProcess.Result result = jar.run(QUICK, batch("--config", "conf"));

        assertOneLine(result, "--config conf: is a directory, not a properties file");
    }

    /** Exit 2; stderr is that message (after a heading line at most); stdout has no stack trace and no signal. */
    static void assertOneLine(JarProcess.Result result, String message) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        List<String> lines = result.stderr().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as(result.describe()).hasSizeLessThanOrEqualTo(2)
                .anyMatch(line -> line.contains(message));
        assertThat(result.stdout() + result.stderr()).as(result.describe())
                .doesNotContain("Exception", "\tat ", "SIGTERM");
        result.assertNeverPrints(APP_ID);
    }
}
