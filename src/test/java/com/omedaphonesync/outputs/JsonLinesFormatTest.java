package com.omedaphonesync.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/** SPEC.md section 4, records out as JSON lines, field by field, through the whole pipeline. */
class JsonLinesFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().build(), dir -> Map.of());

    static Instant before;
    static Instant after;

    @BeforeAll
    static void start() throws Exception {
        before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Summary documented = test.app().enrich(test.idsFile("documented.txt", "12345\n"));
        Summary simulated = test.app().enrich(test.idsFile("simulated.txt",
                String.join("\n", ExpectedRecords.CUSTOMERS) + "\n"));
        after = Instant.now();
        assertThat(documented.enriched()).isEqualTo(1);
        assertThat(simulated.enriched()).isEqualTo(ExpectedRecords.CUSTOMERS.size());
    }

    private static List<String> lines() throws Exception {
        return Files.readAllLines(test.output("phones.jsonl"), StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Field name to the value's text, null for JSON null. */
    private static Map<String, String> texts(JsonNode node) {
        Map<String, String> texts = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> texts.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        return texts;
    }

    @Test
    void theDocumentedExampleBecomesExactlyTheseTwoLines() throws Exception {
        List<String> documented = lines().stream().filter(l -> l.startsWith("{\"customerId\":\"12345\"")).toList();

        assertThat(documented).hasSize(2);
        String retrievedAt = JSON.readTree(documented.get(0)).get("retrievedAt").asText();
        assertThat(documented.get(0)).isEqualTo("{\"customerId\":\"12345\",\"brand\":\"TEST\",\"phoneId\":472517,"
                + "\"phoneContactType\":200,\"phoneContactTypeName\":\"Business Phone\",\"phoneNumber\":\"8475648900\","
                + "\"extension\":\"999\",\"statusCode\":1,\"statusName\":\"Primary\",\"changedDate\":\"2015-03-08T21:23:34\","
                + "\"submissionId\":\"24B9BF6F-0677-462B-942A-D87EEBD10F77\",\"source\":\"file:documented.txt\","
                + "\"retrievedAt\":\"" + retrievedAt + "\"}");
        assertThat(documented.get(1)).isEqualTo("{\"customerId\":\"12345\",\"brand\":\"TEST\",\"phoneId\":472518,"
                + "\"phoneContactType\":210,\"phoneContactTypeName\":\"Home Phone\",\"phoneNumber\":\"8475648901\","
                + "\"extension\":null,\"statusCode\":1,\"statusName\":\"Primary\",\"changedDate\":\"2015-03-08T21:23:34\","
                + "\"submissionId\":\"24B9BF6F-0677-462B-942A-D87EEBD10F77\",\"source\":\"file:documented.txt\","
                + "\"retrievedAt\":\"" + retrievedAt + "\"}");
    }

    @Test
    void everyLineHasExactlyTheSpecFieldsInTheSpecOrder() throws Exception {
        List<String> lines = lines();

        assertThat(lines).hasSizeGreaterThan(2);
        for (String line : lines) {
            assertThat(fieldNames(JSON.readTree(line))).as(line).containsExactlyElementsOf(ExpectedRecords.FIELDS);
        }
    }

    @Test
    void numbersAreJsonNumbersAndTextsAreJsonStrings() throws Exception {
        for (String line : lines()) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.get("phoneId").isIntegralNumber()).as(line).isTrue();
            assertThat(node.get("phoneContactType").isIntegralNumber()).as(line).isTrue();
            JsonNode status = node.get("statusCode");
            assertThat(status.isNull() || status.isIntegralNumber()).as(line).isTrue();
            for (String text : List.of("customerId", "brand", "phoneContactTypeName", "phoneNumber", "changedDate",
                    "submissionId", "source", "retrievedAt")) {
                assertThat(node.get(text).isTextual()).as(text + " in " + line).isTrue();
            }
            JsonNode extension = node.get("extension");
            assertThat(extension.isNull() || extension.isTextual()).as(line).isTrue();
        }
    }

    @Test
    void simulatedCustomersGetOneRecordPerPhoneWithEveryFieldAsTheSpecSays() throws Exception {
        List<Map<String, String>> allExpected = new ArrayList<>();
        for (String id : ExpectedRecords.CUSTOMERS) {
            List<Map<String, String>> expected = ExpectedRecords.of(test.simulator().baseUrl(), TestApp.BRAND, id,
                    "file:simulated.txt");
            List<Map<String, String>> actual = new ArrayList<>();
            for (JsonNode node : test.recordsOf(id)) {
                Map<String, String> fields = texts(node);
                fields.remove("retrievedAt");
                actual.add(fields);
            }
            assertThat(actual).as(id).containsExactlyElementsOf(expected);
            allExpected.addAll(expected);
        }
        ExpectedRecords.assertCoverage(allExpected);
    }

    @Test
    void fieldsOmedaDidNotSendAreJsonNull() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        for (String id : ExpectedRecords.CUSTOMERS) {
            records.addAll(test.recordsOf(id));
        }

        assertThat(records).filteredOn(r -> r.get("statusCode").isNull()).isNotEmpty()
                .allMatch(r -> r.has("statusName") && r.get("statusName").isNull());
        assertThat(records).filteredOn(r -> r.get("extension").isNull()).isNotEmpty()
                .allMatch(r -> r.has("extension"));
    }

    @Test
    void retrievedAtIsAnIso8601UtcInstantOfTheLookup() throws Exception {
        for (String line : lines()) {
            String retrievedAt = JSON.readTree(line).get("retrievedAt").asText();
            assertThat(retrievedAt).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
            assertThat(Instant.parse(retrievedAt)).isBetween(before, after);
        }
    }

    @Test
    void eachLineIsOneObjectEndedByALineFeed() throws Exception {
        String content = Files.readString(test.output("phones.jsonl"), StandardCharsets.UTF_8);

        assertThat(content).endsWith("}\n").doesNotContain("\r").doesNotContain("\n\n");
    }
}
