package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.records.PhoneRecord;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * SPEC.md section 3: "A file output URI receives records appended one per line; lines written concurrently never
 * interleave or tear", with 16 lookups in flight, and every record reaching every output.
 */
class ConcurrentAppendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDS = 50;

    @TempDir
    Path dir;

    /** 50 distinct ids that each have at least one phone, so that every lookup appends. */
    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int n = 100_000; ids.size() < IDS; n++) {
            String id = String.valueOf(n);
            if (SimulatedCustomers.phoneCount(id) > 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static int expectedLines(List<String> ids) {
        return ids.stream().mapToInt(SimulatedCustomers::phoneCount).sum();
    }

    /** Every line of the file whole: one JSON object with exactly the record fields, in order. */
    private static List<JsonNode> wholeLines(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\r").doesNotContain("\n\n");
        List<JsonNode> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            assertThat(line).startsWith("{\"customerId\":").endsWith("}");
            JsonNode record = JSON.readTree(line);
            List<String> fields = new ArrayList<>();
            record.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("fields of %s", line).containsExactlyElementsOf(PhoneRecord.FIELDS);
            records.add(record);
        }
        return records;
    }

    private static void assertEveryPhoneOnce(List<JsonNode> records, List<String> ids) {
        assertThat(records).hasSize(expectedLines(ids));
        assertThat(records).extracting(r -> r.get("customerId").asText() + "/" + r.get("phoneId").asText())
                .doesNotHaveDuplicates();
        Map<String, Integer> perId = new HashMap<>();
        records.forEach(r -> perId.merge(r.get("customerId").asText(), 1, Integer::sum));
        ids.forEach(id -> assertThat(perId.get(id)).as("records of %s", id)
                .isEqualTo(SimulatedCustomers.phoneCount(id)));
    }

    @Test
    void fiftyIdsAtSixteenLookupsInFlightAppendWholeLinesToOneFile() throws Exception {
        List<String> ids = ids();
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().latencyMillis(5).build(),
                Map.of("omeda.http.concurrency", "16"))) {
            Summary summary = test.app().enrich(test.idsFile("ids.txt", String.join("\n", ids) + "\n"));

            assertThat(summary.enriched()).isEqualTo(IDS);
            assertThat(summary.recordsWritten()).isEqualTo(expectedLines(ids));
            assertEveryPhoneOnce(wholeLines(test.output("phones.jsonl")), ids);
        }
    }

    @Test
    void twoBatchesAtOnceStillAppendWholeLines() throws Exception {
        List<String> ids = ids();
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(),
                Map.of("omeda.http.concurrency", "16"))) {
            Path first = test.idsFile("first.txt", String.join("\n", ids.subList(0, 25)) + "\n");
            Path second = test.idsFile("second.txt", String.join("\n", ids.subList(25, 50)) + "\n");
            var other = new java.util.concurrent.CompletableFuture<Summary>();
            Thread thread = new Thread(() -> {
                try {
                    other.complete(test.app().enrich(second));
                } catch (RuntimeException e) {
                    other.completeExceptionally(e);
                }
            });
            thread.start();
            Summary one = test.app().enrich(first);
            Summary two = other.get();

            assertThat(one.enriched() + two.enriched()).isEqualTo(IDS);
            assertEveryPhoneOnce(wholeLines(test.output("phones.jsonl")), ids);
        }
    }

    @Test
    void everyOutputGetsEveryRecord() throws Exception {
        List<String> ids = ids();
        Path out = dir.resolve("out");
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.http.concurrency", "16",
                "omeda.output.uris", "file:" + out + "?fileName=a.jsonl, file:" + out.resolve("b")
                        + "?fileName=b.jsonl"))) {
            test.app().enrich(test.idsFile("ids.txt", String.join("\n", ids) + "\n"));

            List<JsonNode> a = wholeLines(out.resolve("a.jsonl"));
            List<JsonNode> b = wholeLines(out.resolve("b/b.jsonl"));
            assertEveryPhoneOnce(a, ids);
            assertEveryPhoneOnce(b, ids);
            assertThat(b).containsExactlyInAnyOrderElementsOf(a);
            assertThat(test.output("phones.jsonl")).doesNotExist();
        }
    }
}
