package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/** A dead letter says why in its last field, {@code detail}: which part is wrong, what the line did wrong. */
class DeadLetterDetailTest {
    @RegisterExtension
    static final TestApp TEST = TestApp.batchPerClass(SimulatorOptions.builder().build(), dir -> Map.of());

    private static List<JsonNode> lettersOf(Path file) throws Exception {
        String source = "file:" + file.getFileName();
        TEST.app().enrich(file);
        return TEST.deadLetters().stream().filter(l -> source.equals(l.get("source").asText())).toList();
    }

    @Test
    void anInvalidIdSaysWhetherTheBrandOrTheIdIsWrong() throws Exception {
        Path csv = TEST.idsFile("parts.csv", "customerId,brand\n12345,no brand!\nab.c,TEST\n");

        List<JsonNode> letters = lettersOf(csv);

        assertThat(letters).hasSize(2).allSatisfy(l -> assertThat(l.get("reason").asText()).isEqualTo("INVALID_ID"));
        // looked up in parallel: the letters come in either order
        assertThat(detailOf(letters, "12345")).contains("brand is not valid").contains("customer id is fine");
        assertThat(detailOf(letters, "ab.c")).contains("customer id has characters");
    }

    private static String detailOf(List<JsonNode> letters, String customerId) {
        return letters.stream().filter(l -> customerId.equals(l.get("customerId").asText())).findFirst()
                .orElseThrow().get("detail").asText();
    }

    @Test
    void detailIsTheLastFieldAndTheEarlierOnesKeepTheirOrder() throws Exception {
        List<JsonNode> letters = lettersOf(TEST.idsFile("missing.txt", "NOTFOUND7\n"));

        List<String> fields = new ArrayList<>();
        letters.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("customerId", "brand", "source", "reason", "httpStatus", "errors",
                "submissionId", "attempts", "failedAt", "detail");
        assertThat(letters.get(0).get("detail").asText()).startsWith("HTTP 404");
    }

    @Test
    void aLineThatIsNotUtf8SaysSo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("12\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes("34\n".getBytes(StandardCharsets.US_ASCII));
        Path latin1 = Files.write(TEST.dir().resolve("latin1.txt"), bytes.toByteArray());

        List<JsonNode> letters = lettersOf(latin1);

        assertThat(letters).singleElement().satisfies(l -> assertThat(l.get("detail").asText())
                .isEqualTo("the line is not valid UTF-8"));
    }

    @Test
    void aUtf16FileGetsAHint() throws Exception {
        Path utf16 = Files.write(TEST.dir().resolve("utf16.txt"), "12345\n".getBytes(StandardCharsets.UTF_16LE));

        List<JsonNode> letters = lettersOf(utf16);

        assertThat(letters).isNotEmpty().allSatisfy(l -> assertThat(l.get("detail").asText())
                .contains("not valid UTF-8").contains("looks like UTF-16"));
    }

    @Test
    void anOverLongLineSaysSo() throws Exception {
        Path longLine = TEST.idsFile("long.txt", "7".repeat(70_000) + "\n");

        List<JsonNode> letters = lettersOf(longLine);

        assertThat(letters).singleElement().satisfies(l -> assertThat(l.get("detail").asText())
                .contains("longer than 65536 characters"));
    }
}
