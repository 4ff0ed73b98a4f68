package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/** {@code replay}: the dead letters of passing trouble looked up again, each under its own brand and source. */
class ReplayCommandTest {
    private static final String LETTERS = String.join("\n",
            letter("12345", "TEST", "file:monday.txt", "SERVER_ERROR"),
            letter("1001", "OTHER", "queue", "UNREACHABLE"),
            letter("2002", "TEST", "timer", "RATE_LIMITED"),
            letter("NOTFOUND3", "TEST", "file:monday.txt", "NOT_FOUND"),
            letter("ab.c", "TEST", "queue", "INVALID_ID"),
            "{\"customerId\":null,\"brand\":null,\"source\":\"queue\",\"reason\":\"UNPROCESSABLE_MESSAGE\"}",
            "not a dead letter") + "\n";

    @TempDir
    Path dir;
    private OmedaSimulator simulator;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static String letter(String id, String brand, String source, String reason) {
        return "{\"customerId\":\"" + id + "\",\"brand\":\"" + brand + "\",\"source\":\"" + source
                + "\",\"reason\":\"" + reason + "\",\"httpStatus\":null,\"errors\":null,\"submissionId\":null,"
                + "\"attempts\":4,\"failedAt\":\"2026-11-27T19:00:00Z\",\"detail\":\"x\"}";
    }

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = OmedaSimulator.start(SimulatorOptions.builder().recordRequests(true).build());
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    private int replay(String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "dead-letter.jsonl",
                "--omeda.base-url=" + simulator.baseUrl(), "--omeda.brand=TEST",
                "--omeda.app-id=" + SimulatorOptions.DEFAULT_APP_ID,
                "--omeda.output.uris=file:" + dir.resolve("output") + "?fileName=phones.jsonl",
                "--omeda.dead-letter.uri=file:" + dir + "?fileName=dead-letter.jsonl",
                "--omeda.report.dir=" + dir.resolve("reports")));
        args.addAll(List.of(more));
        return new OmedaPhoneSync(dir, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args.toArray(String[]::new));
    }

    @Test
    void passingTroubleIsLookedUpAgainUnderEachLettersBrandAndSource() throws Exception {
        Files.writeString(dir.resolve("dead-letter.jsonl"), LETTERS, StandardCharsets.UTF_8);

        int exit = replay();

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(simulator.requests()).extracting(OmedaSimulator.Request::customerId)
                .containsExactlyInAnyOrder("12345", "1001", "2002");
        List<JsonNode> records = TestApp.jsonLines(dir.resolve("output/phones.jsonl"));
        assertThat(records).isNotEmpty();
        assertThat(records).filteredOn(r -> r.get("customerId").asText().equals("1001")).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.get("brand").asText()).isEqualTo("OTHER");
                    assertThat(r.get("source").asText()).isEqualTo("queue");
                });
        assertThat(records).filteredOn(r -> r.get("customerId").asText().equals("12345"))
                .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("file:monday.txt"));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("replay: 3 ids read", "3 enriched").contains("Report: ");
        try (var reports = Files.list(dir.resolve("reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-replay.json"));
        }
    }

    @Test
    void namedReasonsOnlyAndTheLettersItWritesItselfAreNotReplayedAgain() throws Exception {
        Path letters = Files.writeString(dir.resolve("dead-letter.jsonl"), LETTERS, StandardCharsets.UTF_8);
        long before = Files.readAllLines(letters).size();

        int exit = replay("--reasons", "NOT_FOUND");

        assertThat(exit).as("NOT_FOUND again is an expected outcome").isZero();
        assertThat(simulator.requests()).extracting(OmedaSimulator.Request::customerId).containsExactly("NOTFOUND3");
        List<String> after = Files.readAllLines(letters);
        assertThat(after).hasSize((int) before + 1);
        assertThat(after.get(after.size() - 1)).contains("\"NOTFOUND3\"", "\"file:monday.txt\"", "NOT_FOUND");
    }

    /** Issue 18: an output or a file of ids given by mistake is not "0 ids read" and exit 0. */
    @ParameterizedTest
    @ValueSource(strings = {"12345\nNOTFOUND1\n",
        "{\"customerId\":\"12345\",\"brand\":\"TEST\",\"phoneNumber\":\"+1 555 0100\"}\n"})
    void aFileHoldingNoDeadLetterIsAUsageErrorThatSaysSo(String notLetters) throws Exception {
        Files.writeString(dir.resolve("dead-letter.jsonl"), notLetters, StandardCharsets.UTF_8);

        assertThat(replay()).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dead-letter.jsonl holds no dead letter");
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void anUnknownReasonIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("dead-letter.jsonl"), LETTERS, StandardCharsets.UTF_8);

        assertThat(replay("--reasons=SERVER_EROR")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no reason SERVER_EROR");
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void progressSaysTheCircuitIsOpenInsteadOfZeroIdsPerSecond() {
        assertThat(Progress.line(10, 100, 0, true)).contains("circuit is open").doesNotContain("ids/s");
        assertThat(Progress.line(10, 100, 2.4, false)).isEqualTo("Progress: 10 of about 100 ids done (2 ids/s)");
    }
}
