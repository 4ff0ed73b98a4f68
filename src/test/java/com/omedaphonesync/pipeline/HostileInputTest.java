package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.HostileLines;
import com.omedaphonesync.support.TestApp;

/**
 * Hostile input through the whole pipeline against the simulator (issue 3, item 6): whatever a file holds, the
 * only requests are to the documented path with a valid brand and id, and every bad id is dead-lettered as
 * {@code INVALID_ID} with the input as read, no attempt and no call.
 */
class HostileInputTest {
    private static final Pattern DOCUMENTED_PATH = Pattern.compile(
            "/webservices/rest/brand/([A-Za-z0-9_-]{1,32})/customer/([A-Za-z0-9]{1,64})/phone/\\*");

    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().recordRequests(true).build(),
            dir -> Map.of());

    @AfterEach
    void everyRequestWentToTheDocumentedPath() {
        for (OmedaSimulator.Request request : test.simulator().requests()) {
            Matcher path = DOCUMENTED_PATH.matcher(request.path());
            assertThat(path.matches()).as("request to %s", request.path()).isTrue();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.appIdAccepted()).isTrue();
        }
    }

    private static List<JsonNode> deadLettersFrom(String source) throws Exception {
        return test.deadLetters().stream().filter(l -> l.get("source").asText().equals(source)).toList();
    }

    private static List<JsonNode> recordsFrom(String source, String id) throws Exception {
        return test.recordsOf(id).stream().filter(r -> r.get("source").asText().equals(source)).toList();
    }

    @Test
    void randomHostileFilesCallOnlyTheDocumentedPathAndDeadLetterEveryBadIdAsInvalid() throws Exception {
        HostileLines hostile = new HostileLines(31);
        Set<String> allValid = new LinkedHashSet<>();
        List<String> allLines = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            String name = "hostile-" + n + ".txt";
            String source = "file:" + name;
            List<String> lines = hostile.lines(150);
            allLines.addAll(lines);
            String content = hostile.file(lines);
            Path file = test.dir().resolve(name);
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
            List<String> read = HostileLines.expectedIds(content);
            Set<String> distinct = new LinkedHashSet<>(read);
            List<String> valid = distinct.stream().filter(id -> IdRequest.CUSTOMER_ID.matcher(id).matches()).toList();
            List<String> invalid = distinct.stream().filter(id -> !valid.contains(id)).toList();
            allValid.addAll(valid);

            Summary summary = test.app().enrich(file);

            assertThat(summary.idsRead()).isEqualTo(read.size());
            assertThat(summary.duplicatesSkipped()).isEqualTo(read.size() - distinct.size());
            assertThat(summary.enriched()).isEqualTo(valid.size());
            assertThat(summary.deadLettersByReason().get(Reason.INVALID_ID)).isEqualTo(invalid.size());
            assertThat(summary.deadLettered()).isEqualTo(invalid.size());
            List<JsonNode> letters = deadLettersFrom(source);
            assertThat(letters).extracting(l -> l.get("customerId").asText())
                    .containsExactlyInAnyOrderElementsOf(invalid);
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.get("reason").asText()).isEqualTo("INVALID_ID");
                assertThat(letter.get("attempts").asInt()).isZero();
                assertThat(letter.get("httpStatus").isNull()).isTrue();
                assertThat(letter.get("brand").asText()).isEqualTo(TestApp.BRAND);
            });
            for (String id : valid) {
                assertThat(recordsFrom(source, id)).as(id).hasSize(SimulatedCustomers.phoneCount(id));
            }
        }
        assertThat(test.simulator().requests()).extracting(OmedaSimulator.Request::customerId)
                .as("calls only for the valid ids").isSubsetOf(allValid);

        // the dice threw every kind of hostile line, or this test proves less than it claims
        String everything = String.join("\n", allLines);
        for (String piece : List.of("../", "%2F", "?", "#", "\u0000", "\uFEFF", "\uFFFD", "\r", " ", "\uD83D")) {
            assertThat(everything).as("a line with %s", piece).contains(piece);
        }
        assertThat(allLines).anyMatch(l -> l.length() > HostileLines.MAX_LINE)
                .anyMatch(l -> IdRequest.CUSTOMER_ID.matcher(l).matches())
                .anyMatch(l -> l.strip().startsWith("#"));
    }

    @Test
    void hostileBrandsInAHeaderFileAreInvalidAndNeverCalled() throws Exception {
        Path file = test.idsFile("brands.csv", "customerId,brand\n"
                + "4001,../x\n4002,A%2FB\n4003,a b\n4004,\"A,B\"\n4005,B\u0000\n4006,?x\n4007,\n4008,OTHER_b-2\n");

        Summary summary = test.app().enrich(file);

        assertThat(summary.deadLettersByReason().get(Reason.INVALID_ID)).isEqualTo(6);
        assertThat(deadLettersFrom("file:brands.csv")).extracting(l -> l.get("customerId").asText(),
                l -> l.get("brand").asText(), l -> l.get("attempts").asInt())
                .containsExactlyInAnyOrder(
                        tuple("4001", "../x", 0),
                        tuple("4002", "A%2FB", 0),
                        tuple("4003", "a b", 0),
                        tuple("4004", "A,B", 0),
                        tuple("4005", "B\u0000", 0),
                        tuple("4006", "?x", 0));
        for (String id : List.of("4001", "4002", "4003", "4004", "4005", "4006")) {
            assertThat(test.simulator().requestsFor(id)).as(id).isEmpty();
        }
        assertThat(test.simulator().requestsFor("4007")).singleElement()
                .satisfies(r -> assertThat(r.brand()).isEqualTo(TestApp.BRAND));
        assertThat(test.simulator().requestsFor("4008")).singleElement()
                .satisfies(r -> assertThat(r.brand()).isEqualTo("OTHER_b-2"));
    }

    @Test
    void aGigabyteFileWithoutANewlineIsOneInvalidIdAndNoCall() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "hostile-input"));
        Path huge = dir.resolve("gigabyte-batch.txt");
        try {
            try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
                file.write("8888".getBytes(StandardCharsets.US_ASCII));
                // sparse: a gigabyte of NUL bytes that costs no disk and no time to write
                file.setLength(1L << 30);
            }
            long callsBefore = test.simulator().requestCount();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                    .getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

            // the ids are read on this thread (direct routes, a sequential split)
            Summary summary = test.app().enrich(huge);
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            // holding the line would take two gigabytes of chars; reading it in pieces and the file's table of
            // seen ids take well under a tenth of that
            assertThat(allocated).isLessThan(256L * 1024 * 1024);

            assertThat(summary.idsRead()).isEqualTo(1);
            assertThat(summary.deadLettersByReason().get(Reason.INVALID_ID)).isEqualTo(1);
            assertThat(deadLettersFrom("file:gigabyte-batch.txt")).singleElement().satisfies(letter -> {
                assertThat(letter.get("reason").asText()).isEqualTo("INVALID_ID");
                assertThat(letter.get("customerId").asText()).isEqualTo("8888" + "\0".repeat(996));
                assertThat(letter.get("attempts").asInt()).isZero();
            });
            assertThat(test.simulator().requestCount()).isEqualTo(callsBefore);
        } finally {
            Files.deleteIfExists(huge);
        }
    }
}
