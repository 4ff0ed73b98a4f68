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

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * SPEC.md section 4 with {@code omeda.output.format=csv}: RFC 4180, CRLF, the header once per file, nulls as
 * empty fields. Three batches write to the same file.
 */
class CsvFormatTest {
    private static final String HEADER = String.join(",", ExpectedRecords.FIELDS);
    /** A file name that puts a comma and quotes into the {@code source} field. */
    private static final String AWKWARD_NAME = "ids, \"west\".txt";

    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().build(), dir -> Map.of(
            "omeda.output.format", "csv",
            "omeda.output.uris", "file:" + dir.resolve("output") + "?fileName=phones.csv"));

    static Instant before;
    static Instant after;

    @BeforeAll
    static void start() throws Exception {
        before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        test.app().enrich(test.idsFile("documented.txt", "12345\n"));
        test.app().enrich(test.idsFile("simulated.txt", String.join("\n", ExpectedRecords.CUSTOMERS) + "\n"));
        test.app().enrich(test.idsFile(AWKWARD_NAME, "12345\n"));
        after = Instant.now();
    }

    private static String content() throws Exception {
        return Files.readString(test.dir().resolve("output/phones.csv"), StandardCharsets.UTF_8);
    }

    /** Rows of RFC 4180 text, each a list of unquoted fields; records end with CRLF. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field).as("a quote may only open a field").isEmpty();
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(quoted).as("no quoted field left open").isFalse();
        assertThat(field).as("the last record ends with CRLF").isEmpty();
        assertThat(row).as("the last record ends with CRLF").isEmpty();
        return rows;
    }

    private static Map<String, String> named(List<String> row) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < ExpectedRecords.FIELDS.size(); i++) {
            String value = row.get(i);
            fields.put(ExpectedRecords.FIELDS.get(i), value.isEmpty() ? null : value);
        }
        return fields;
    }

    private static List<String> dataLines() throws Exception {
        List<String> lines = List.of(content().split("\r\n"));
        return lines.subList(1, lines.size());
    }

    @Test
    void theFileStartsWithTheHeaderOfExactlyTheThirteenFieldsInOrder() throws Exception {
        assertThat(content()).startsWith(
                "customerId,brand,phoneId,phoneContactType,phoneContactTypeName,phoneNumber,extension,statusCode,"
                        + "statusName,changedDate,submissionId,source,retrievedAt\r\n");
    }

    @Test
    void theHeaderIsWrittenOnceAlthoughSeveralBatchesWroteToTheFile() throws Exception {
        List<List<String>> rows = parse(content());

        assertThat(rows).filteredOn(r -> r.equals(ExpectedRecords.FIELDS)).hasSize(1);
        assertThat(rows.get(0)).isEqualTo(ExpectedRecords.FIELDS);
        assertThat(rows).extracting(r -> r.get(11)).contains("file:documented.txt", "file:simulated.txt",
                "file:" + AWKWARD_NAME);
    }

    @Test
    void everyLineEndsWithCrlfAndEveryRowHasThirteenFields() throws Exception {
        String content = content();

        assertThat(content).endsWith("\r\n");
        assertThat(content.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(parse(content)).hasSizeGreaterThan(3).allSatisfy(row -> assertThat(row).hasSize(13));
    }

    @Test
    void theDocumentedExampleBecomesExactlyTheseRows() throws Exception {
        List<String> documented = dataLines().stream().filter(l -> l.contains(",file:documented.txt,")).toList();

        assertThat(documented).hasSize(2);
        String retrievedAt = documented.get(0).substring(documented.get(0).lastIndexOf(',') + 1);
        assertThat(documented).containsExactly(
                "12345,TEST,472517,200,Business Phone,8475648900,999,1,Primary,2015-03-08T21:23:34,"
                        + "24B9BF6F-0677-462B-942A-D87EEBD10F77,file:documented.txt," + retrievedAt,
                "12345,TEST,472518,210,Home Phone,8475648901,,1,Primary,2015-03-08T21:23:34,"
                        + "24B9BF6F-0677-462B-942A-D87EEBD10F77,file:documented.txt," + retrievedAt);
        assertThat(Instant.parse(retrievedAt)).isBetween(before, after);
    }

    @Test
    void aFieldWithACommaOrQuotesIsQuotedWithItsQuotesDoubled() throws Exception {
        List<String> awkward = dataLines().stream().filter(l -> l.startsWith("12345,") && l.contains("west"))
                .toList();

        assertThat(awkward).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains(",\"file:ids, \"\"west\"\".txt\","));
        assertThat(parse(content())).filteredOn(r -> r.get(0).equals("12345"))
                .extracting(r -> r.get(11)).containsOnly("file:documented.txt", "file:" + AWKWARD_NAME);
    }

    @Test
    void fieldsWithoutCommasOrQuotesAreNotQuoted() throws Exception {
        assertThat(dataLines()).filteredOn(l -> !l.contains("west")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain("\""));
    }

    @Test
    void simulatedCustomersGetEveryFieldAsTheSpecSaysWithNullsAsEmptyFields() throws Exception {
        List<List<String>> rows = parse(content());
        List<Map<String, String>> allExpected = new ArrayList<>();
        for (String id : ExpectedRecords.CUSTOMERS) {
            List<Map<String, String>> expected = ExpectedRecords.of(test.simulator().baseUrl(), TestApp.BRAND, id,
                    "file:simulated.txt");
            List<Map<String, String>> actual = new ArrayList<>();
            for (List<String> row : rows) {
                if (row.get(0).equals(id)) {
                    Map<String, String> fields = named(row);
                    assertThat(Instant.parse(fields.remove("retrievedAt"))).isBetween(before, after);
                    actual.add(fields);
                }
            }
            assertThat(actual).as(id).containsExactlyElementsOf(expected);
            allExpected.addAll(expected);
        }
        ExpectedRecords.assertCoverage(allExpected);
    }
}
