package com.omedaphonesync.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import com.omedaphonesync.support.OsTool;

/**
 * The Prometheus rules shipped in {@code monitoring/}: valid for Prometheus ({@code promtool check rules}), their
 * unit tests pass ({@code promtool test rules monitoring/tests/*.yml}), and every alert has a test where it fires
 * and one where it stays silent.
 */
class MonitoringRulesTest {
    static final Path MONITORING = Path.of("monitoring");
    static final Path RULES = MONITORING.resolve("omeda-phone-sync-rules.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Result check = promtool("check", "rules", RULES.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        testFiles().forEach(file -> args.add(file.toString()));
        Result test = promtool(args.toArray(String[]::new));
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).as("every test file ran").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasAFiringAndASilentCase() throws IOException {
        Set<String> alerts = new HashSet<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule.path("alert").asText());
                }
            }
        }
        assertThat(alerts).as("the alerts the issue asks for, at least").hasSizeGreaterThanOrEqualTo(7);
        Set<String> firing = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : testFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).path("tests")) {
                for (JsonNode alertTest : test.path("alert_rule_test")) {
                    String name = alertTest.path("alertname").asText();
                    (alertTest.path("exp_alerts").isEmpty() ? silent : firing).add(name);
                }
            }
        }
        assertThat(firing).as("alerts tested where they fire").containsAll(alerts);
        assertThat(silent).as("alerts tested where they stay silent").containsAll(alerts);
    }

    static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(MONITORING.resolve("tests"))) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
            assertThat(found).as("monitoring/tests/*.yml").isNotEmpty();
            return found;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(OsTool.require("promtool", "prometheus").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("promtool", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
            }
            return new Result(process.exitValue(), String.join(" ", command) + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
