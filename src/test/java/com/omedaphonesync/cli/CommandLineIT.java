package com.omedaphonesync.cli;

import static com.omedaphonesync.cli.JarProcess.assertNoFileContains;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The built jar from the outside (SPEC.md sections 2 and 3): {@code --help}, {@code --version}, usage errors,
 * configuration errors, and {@code batch} with each of its exit codes against the simulator, configured through
 * each configuration layer. Every process runs in its own empty working directory with no OMEDA_* variable
 * but those a test sets, so the default (relative) output URIs land in that directory.
 */
class CommandLineIT extends JarAgainstSimulator {
    static final List<String> RECORD_FIELDS = List.of("customerId", "brand", "phoneId", "phoneContactType",
            "phoneContactTypeName", "phoneNumber", "extension", "statusCode", "statusName", "changedDate",
            "submissionId", "source", "retrievedAt");
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final Duration BATCH = Duration.ofSeconds(120);


    // ---- help, version, usage errors

    @Test
    void helpAndVersionExitZero() throws Exception {
        JarProcess jar = JarProcess.in(dir);

        JarProcess.Result help = jar.run(QUICK, "--help");
        assertThat(help.exitCode()).as(help.describe()).isZero();
        assertThat(help.stdout()).as(help.describe())
                .contains("Usage", "run", "batch", "demo", "simulate", "--config", "--key=value");

        JarProcess.Result version = jar.run(QUICK, "--version");
        assertThat(version.exitCode()).as(version.describe()).isZero();
        assertThat(version.stdout().strip()).as(version.describe())
                .matches("omeda-phone-sync \\d+\\.\\d+\\.\\d+\\S*");
    }

    @Test
    void unknownCommandOrOptionExitsTwoWithAMessage() throws Exception {
        JarProcess jar = JarProcess.in(dir);

        JarProcess.Result command = jar.run(QUICK, "frobnicate");
        assertThat(command.exitCode()).as(command.describe()).isEqualTo(2);
        assertThat(command.stderr()).as(command.describe()).contains("frobnicate").contains("Usage");

        JarProcess.Result option = jar.run(QUICK, "batch", "ids.txt", "--frobnicate");
        assertThat(option.exitCode()).as(option.describe()).isEqualTo(2);
        assertThat(option.stderr()).as(option.describe()).contains("--frobnicate");
    }

    @Test
    void batchWithoutAReadableFileIsAUsageError() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        String[] valid = {"--omeda.base-url=" + simulator.baseUrl(), "--omeda.brand=TEST",
            "--omeda.app-id=" + APP_ID};

        JarProcess.Result noFile = jar.run(QUICK, concat(new String[] {"batch"}, valid));
        assertThat(noFile.exitCode()).as(noFile.describe()).isEqualTo(2);
        assertThat(noFile.stderr()).as(noFile.describe()).containsIgnoringCase("file");
        noFile.assertNeverPrints(APP_ID);

        JarProcess.Result missing = jar.run(QUICK, concat(new String[] {"batch", "no-such-ids.txt"}, valid));
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(2);
        assertThat(missing.stderr()).as(missing.describe()).contains("no-such-ids.txt");
        missing.assertNeverPrints(APP_ID);
        assertThat(jar.workDir().resolve("output")).as("nothing is written for a usage error").doesNotExist();
    }

    // ---- configuration errors: exit 2, one clear message naming the key (the last one with no command: run)

    @Test
    void configurationErrorsExitTwoNamingTheKey() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        idsFile(jar, "ids.txt", "12345\n");
        String baseUrl = "--omeda.base-url=" + simulator.baseUrl();
        long requestsBefore = simulator.requestCount();

        JarProcess.Result noBrand = jar.run(QUICK, "batch", "ids.txt", baseUrl, "--omeda.app-id=" + APP_ID);
        assertConfigError(noBrand, "omeda.brand");

        JarProcess.Result noAppId = jar.run(QUICK, "batch", "ids.txt", baseUrl, "--omeda.brand=TEST");
        assertConfigError(noAppId, "omeda.app-id");

        JarProcess.Result badUrl = jar.run(QUICK, "batch", "ids.txt", "--omeda.base-url=ht!tp//not a url",
                "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID);
        assertConfigError(badUrl, "omeda.base-url");

        JarProcess.Result badScheme = jar.run(QUICK, "batch", "ids.txt", baseUrl, "--omeda.brand=TEST",
                "--omeda.app-id=" + APP_ID, "--omeda.output.uris=nosuchscheme:somewhere");
        assertConfigError(badScheme, "omeda.output.uris");
        assertThat(badScheme.stderr()).as(badScheme.describe()).contains("nosuchscheme");

        JarProcess.Result noConfigFile = jar.run(QUICK, "batch", "ids.txt", "--config", "no-such.properties",
                baseUrl, "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID);
        assertConfigError(noConfigFile, "no-such.properties");

        JarProcess.Result runNoBrand = jar.run(QUICK, baseUrl, "--omeda.app-id=" + APP_ID);
        assertConfigError(runNoBrand, "omeda.brand");

        assertThat(simulator.requestCount()).as("no id is looked up with a bad configuration")
                .isEqualTo(requestsBefore);
        assertThat(jar.workDir().resolve("output/phones.jsonl")).doesNotExist();
    }

    private static void assertConfigError(JarProcess.Result result, String key) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        List<String> lines = result.stderr().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("stderr names the key\n%s", result.describe()).anyMatch(line -> line.contains(key));
        assertThat(lines).as("a message of its own, not only a stack trace, on stderr\n%s", result.describe())
                .anyMatch(line -> line.contains(key) && !line.strip().startsWith("at ")
                        && !line.contains("Exception"));
        assertThat(result.stdout()).as("no summary for a run that never started\n%s", result.describe())
                .doesNotContain("ids read");
        result.assertNeverPrints(APP_ID);
    }

    // ---- batch exit codes and outputs

    /** Exit 0, configured only through OMEDA_BRAND, OMEDA_APP_ID and OMEDA_BASE_URL. */
    /**
     * The environment ranks below the command line for every key, also for those the YAML routes read, and a
     * batch starts no source whatever the environment says.
     */
    @Test
    void environmentNeitherBeatsTheCommandLineNorStartsSourcesInABatch() throws Exception {
        JarProcess jar = JarProcess.in(dir).env("OMEDA_SOURCE_FILE_ENABLED", "true")
                .env("OMEDA_SOURCE_FILE_DIR", "env-drop").env("OMEDA_OUTPUT_URIS", "file:env-out?fileName=p.jsonl");
        idsFile(jar, "ids.txt", "12345\n");

        JarProcess.Result result = jar.run(BATCH, "batch", "ids.txt", "--omeda.brand=CLI",
                "--omeda.app-id=" + APP_ID, "--omeda.base-url=" + simulator.baseUrl(),
                "--omeda.output.uris=file:cli-out?fileName=p.jsonl");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).doesNotContain("file-source");
        assertThat(jar.workDir().resolve("env-drop")).as("no drop folder was watched").doesNotExist();
        assertThat(jar.workDir().resolve("env-out")).doesNotExist();
        assertThat(lines(jar.workDir().resolve("cli-out/p.jsonl"))).hasSize(2);
    }

    @Test
    void batchExitsZeroWhenEveryIdIsEnrichedOrAnExpectedDeadLetter() throws Exception {
        JarProcess jar = JarProcess.in(dir).env("OMEDA_BRAND", "ENVBRAND").env("OMEDA_APP_ID", APP_ID)
                .env("OMEDA_BASE_URL", simulator.baseUrl());
        idsFile(jar, "ids.txt", "# ids for the exit-0 batch\n12345\nNOTFOUND1\nnot-an-id!\n12345\n");

        JarProcess.Result result = jar.run(BATCH, "batch", "ids.txt");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        result.assertNeverPrints(APP_ID);
        Path output = jar.workDir().resolve("output");
        List<JsonNode> records = jsonLines(output.resolve("phones.jsonl"));
        assertThat(records).as("one record per phone of customer 12345, looked up once")
                .extracting(r -> r.get("phoneId").asLong()).containsExactly(472517L, 472518L);
        for (JsonNode record : records) {
            List<String> fields = new ArrayList<>();
            record.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(RECORD_FIELDS);
            assertThat(record.get("customerId").asText()).isEqualTo("12345");
            assertThat(record.get("brand").asText()).isEqualTo("ENVBRAND");
            assertThat(record.get("source").asText()).isEqualTo("file:ids.txt");
        }
        List<JsonNode> deadLetters = jsonLines(output.resolve("dead-letter.jsonl"));
        assertThat(deadLetters).extracting(d -> d.get("customerId").asText() + "=" + d.get("reason").asText())
                .containsExactlyInAnyOrder("NOTFOUND1=NOT_FOUND", "not-an-id!=INVALID_ID");
        JsonNode notFound = deadLetters.stream().filter(d -> d.get("reason").asText().equals("NOT_FOUND"))
                .findFirst().orElseThrow();
        assertThat(notFound.get("httpStatus").asInt()).isEqualTo(404);
        assertThat(notFound.get("attempts").asInt()).isEqualTo(1);

        String summary = summaryLine(result);
        assertThat(summary).contains("4 ids read", "1 duplicate skipped", "1 enriched", "2 records",
                "2 dead-lettered", "NOT_FOUND=1", "INVALID_ID=1");
        JsonNode report = batchReport(result, jar.workDir());
        assertThat(report.get("idsRead").asInt()).isEqualTo(4);
        assertThat(report.get("enriched").asInt()).isEqualTo(1);
        assertThat(report.get("recordsWritten").asInt()).isEqualTo(2);
        assertThat(report.get("deadLettersByReason").get("NOT_FOUND").asInt()).isEqualTo(1);
        assertThat(report.get("deadLettersByReason").get("INVALID_ID").asInt()).isEqualTo(1);
        assertNoFileContains(output, APP_ID);
    }

    /** Exit 1, configured through {@code --config FILE} plus command-line keys. */
    @Test
    void batchExitsOneWhenAnIdIsDeadLetteredForAnotherReason() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        Files.writeString(jar.workDir().resolve("batch.properties"), "omeda.base-url=" + simulator.baseUrl()
                + "\nomeda.brand=CFGBRAND\nomeda.app-id=" + APP_ID + "\n", StandardCharsets.UTF_8);
        idsFile(jar, "ids.txt", "12345\nHTTP500x\nNOTFOUND2\n");

        JarProcess.Result result = jar.run(BATCH, "batch", "ids.txt", "--config", "batch.properties",
                "--omeda.retry.max-attempts=2", "--omeda.retry.initial-delay-ms=10");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        result.assertNeverPrints(APP_ID);
        Path output = jar.workDir().resolve("output");
        assertThat(jsonLines(output.resolve("phones.jsonl"))).as("the other ids are still enriched")
                .extracting(r -> r.get("customerId").asText() + "/" + r.get("brand").asText())
                .containsExactly("12345/CFGBRAND", "12345/CFGBRAND");
        List<JsonNode> deadLetters = jsonLines(output.resolve("dead-letter.jsonl"));
        assertThat(deadLetters).extracting(d -> d.get("customerId").asText() + "=" + d.get("reason").asText())
                .containsExactlyInAnyOrder("HTTP500x=SERVER_ERROR", "NOTFOUND2=NOT_FOUND");
        JsonNode serverError = deadLetters.stream().filter(d -> d.get("customerId").asText().equals("HTTP500x"))
                .findFirst().orElseThrow();
        assertThat(serverError.get("httpStatus").asInt()).isEqualTo(500);
        assertThat(serverError.get("attempts").asInt()).as("--omeda.retry.max-attempts=2").isEqualTo(2);
        assertThat(summaryLine(result)).contains("SERVER_ERROR=1", "NOT_FOUND=1");
        assertThat(batchReport(result, jar.workDir()).get("deadLettersByReason").get("SERVER_ERROR").asInt())
                .isEqualTo(1);
        assertNoFileContains(output, APP_ID);
    }

    /** Exit 3: the base URL and brand from config/application.properties, a wrong app id on the command line. */
    @Test
    void batchExitsThreeWhenOmedaRejectsTheAppId() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        Files.createDirectories(jar.workDir().resolve("config"));
        Files.writeString(jar.workDir().resolve("config/application.properties"), "omeda.base-url="
                + simulator.baseUrl() + "\nomeda.brand=TEST\nomeda.app-id=" + APP_ID + "\n", StandardCharsets.UTF_8);
        idsFile(jar, "ids.txt", "12345\nNOTFOUND3\n");

        JarProcess.Result result = jar.run(BATCH, "batch", "ids.txt", "--omeda.app-id=" + WRONG_APP_ID);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        result.assertNeverPrints(WRONG_APP_ID).assertNeverPrints(APP_ID);
        assertThat(result.stderr()).as(result.describe()).contains("omeda.app-id");
        Path output = jar.workDir().resolve("output");
        assertThat(lines(output.resolve("phones.jsonl"))).as("nothing enriched").isEmpty();
        assertThat(lines(output.resolve("dead-letter.jsonl")))
                .as("a rejected app id holds the ids: none is dead-lettered").isEmpty();
        assertNoFileContains(output, WRONG_APP_ID);
        assertNoFileContains(output, APP_ID);
    }

    /**
     * SPEC section 3, later wins: defaults < config/application.properties < --config < environment <
     * command line. Each key below is set in a different number of layers, so one run shows every step.
     */
    @Test
    void configurationLayersApplyInTheDocumentedOrder() throws Exception {
        JarProcess jar = JarProcess.in(dir).env("OMEDA_BRAND", "FROMENV")
                .env("OMEDA_OUTPUT_URIS", "file:out-env?fileName=phones.jsonl");
        Files.createDirectories(jar.workDir().resolve("config"));
        Files.writeString(jar.workDir().resolve("config/application.properties"), String.join("\n",
                "omeda.base-url=" + simulator.baseUrl(),
                "omeda.app-id=" + APP_ID,
                "omeda.brand=FROMDEFAULTFILE",
                "omeda.output.uris=file:out-default-file?fileName=phones.jsonl",
                "omeda.dead-letter.uri=file:out-default-file?fileName=dead-letter.jsonl",
                "omeda.report.dir=reports-default-file", ""), StandardCharsets.UTF_8);
        Files.writeString(jar.workDir().resolve("extra.properties"), String.join("\n",
                "omeda.brand=FROMCONFIGFILE",
                "omeda.output.uris=file:out-config-file?fileName=phones.jsonl",
                "omeda.dead-letter.uri=file:out-config-file?fileName=dead-letter.jsonl", ""),
                StandardCharsets.UTF_8);
        idsFile(jar, "ids.txt", "12345\nNOTFOUND4\n");

        JarProcess.Result result = jar.run(BATCH, "batch", "ids.txt", "--config=extra.properties",
                "--omeda.brand=FROMCLI");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        result.assertNeverPrints(APP_ID);
        Path work = jar.workDir();
        // omeda.brand: in all four layers, the command line wins
        assertThat(jsonLines(work.resolve("out-env/phones.jsonl"))).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("brand").asText()).isEqualTo("FROMCLI"));
        // omeda.output.uris: default file, --config and environment; the environment wins
        assertThat(work.resolve("out-config-file/phones.jsonl")).doesNotExist();
        assertThat(work.resolve("out-default-file/phones.jsonl")).doesNotExist();
        // omeda.dead-letter.uri: default file and --config; --config wins
        assertThat(jsonLines(work.resolve("out-config-file/dead-letter.jsonl")))
                .extracting(d -> d.get("customerId").asText() + "/" + d.get("brand").asText())
                .containsExactly("NOTFOUND4/FROMCLI");
        assertThat(work.resolve("out-default-file/dead-letter.jsonl")).doesNotExist();
        // omeda.report.dir: only config/application.properties, which beats the built-in default
        assertThat(reports(work.resolve("reports-default-file"))).isNotEmpty();
        assertThat(work.resolve("output")).as("no built-in default output location was used").doesNotExist();
        for (String folder : List.of("out-env", "out-config-file", "reports-default-file")) {
            assertNoFileContains(work.resolve(folder), APP_ID);
        }
    }

    // ---- helpers

    static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }

    static Path idsFile(JarProcess jar, String name, String content) throws IOException {
        return Files.writeString(jar.workDir().resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The batch summary printed on stdout. */
    private static String summaryLine(JarProcess.Result result) {
        return result.stdout().lines().filter(line -> line.startsWith("batch:")).findFirst()
                .orElseThrow(() -> new AssertionError("no batch summary on stdout\n" + result.describe()));
    }

    /** The JSON report of the whole batch, found through the "Report:" line and checked to be under output/reports. */
    private static JsonNode batchReport(JarProcess.Result result, Path workDir) throws IOException {
        Matcher m = Pattern.compile("(?m)^Report: (.+)$").matcher(result.stdout());
        assertThat(m.find()).as("a Report: line on stdout\n%s", result.describe()).isTrue();
        Path report = workDir.resolve(m.group(1).strip()).toAbsolutePath().normalize();
        assertThat(report).isRegularFile().hasParent(workDir.resolve("output/reports").toAbsolutePath().normalize());
        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("source").asText()).isEqualTo("batch");
        return json;
    }
}
