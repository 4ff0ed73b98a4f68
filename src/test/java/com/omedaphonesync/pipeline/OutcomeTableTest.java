package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * One test per row of SPEC.md section 5, each against the simulator over real HTTP, through the whole
 * pipeline into files on disk. The 403 row lives in {@link AppIdRejectedTest}, the slow-answer row in
 * {@link TimeoutTest}.
 */
class OutcomeTableTest {
    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().recordRequests(true).build(),
            dir -> Map.of());

    private Summary enrich(String... ids) throws Exception {
        return test.app().enrich(test.idsFile("ids-" + ids[0] + ".txt", String.join("\n", ids) + "\n"));
    }

    private static JsonNode onlyDeadLetterOf(String id) throws Exception {
        List<JsonNode> letters = test.deadLettersOf(id);
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    @Test
    void parseableAnswerIsEnrichedWithOneRecordPerPhone() throws Exception {
        Summary summary = enrich("12345");

        assertThat(summary.enriched()).isEqualTo(1);
        assertThat(summary.recordsWritten()).isEqualTo(2);
        List<JsonNode> records = test.recordsOf("12345");
        assertThat(records).extracting(r -> r.get("phoneId").asLong()).containsExactly(472517L, 472518L);
        assertThat(test.deadLettersOf("12345")).isEmpty();
    }

    @Test
    void emptyPhoneNumbersArrayIsEnrichedWithZeroRecords() throws Exception {
        Summary summary = enrich("EMPTY1");

        assertThat(summary.enriched()).isEqualTo(1);
        assertThat(summary.recordsWritten()).isZero();
        assertThat(test.recordsOf("EMPTY1")).isEmpty();
        assertThat(test.deadLettersOf("EMPTY1")).isEmpty();
    }

    @Test
    void unparseableAnswerIsDeadLetteredAsBadResponseWithoutRetry() throws Exception {
        enrich("MALFORMED1");

        JsonNode letter = onlyDeadLetterOf("MALFORMED1");
        assertThat(letter.get("reason").asText()).isEqualTo("BAD_RESPONSE");
        assertThat(letter.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(test.simulator().requestsFor("MALFORMED1")).hasSize(1);
    }

    @Test
    void answerWithoutPhoneNumbersArrayIsDeadLetteredAsBadResponse() throws Exception {
        enrich("NOARRAY1");

        JsonNode letter = onlyDeadLetterOf("NOARRAY1");
        assertThat(letter.get("reason").asText()).isEqualTo("BAD_RESPONSE");
        assertThat(letter.get("submissionId").isNull()).isFalse();
        assertThat(test.simulator().requestsFor("NOARRAY1")).hasSize(1);
    }

    @Test
    void notFoundGoesToDeadLetterWithOmedaErrorText() throws Exception {
        Summary summary = enrich("NOTFOUND1");

        assertThat(summary.deadLettersByReason()).containsEntry(Reason.NOT_FOUND, 1L)
                .as("every reason is counted, zeros included").containsOnlyKeys(Reason.values());
        JsonNode letter = onlyDeadLetterOf("NOTFOUND1");
        assertThat(letter.get("reason").asText()).isEqualTo("NOT_FOUND");
        assertThat(letter.get("httpStatus").asInt()).isEqualTo(404);
        assertThat(letter.get("errors").get(0).asText()).isEqualTo("No phone number found for customer NOTFOUND1.");
        assertThat(letter.get("submissionId").asText()).isNotBlank();
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.get("brand").asText()).isEqualTo(TestApp.BRAND);
        assertThat(letter.get("source").asText()).isEqualTo("file:ids-NOTFOUND1.txt");
        assertThat(summary.hasUnexpectedDeadLetters()).isFalse();
    }

    @Test
    void badRequestAndOtherUnlistedClientErrorsAreDeadLetteredWithoutRetry() throws Exception {
        enrich("HTTP400a", "HTTP410a", "HTTP422a");

        for (String id : List.of("HTTP400a", "HTTP410a", "HTTP422a")) {
            JsonNode letter = onlyDeadLetterOf(id);
            assertThat(letter.get("reason").asText()).isEqualTo("BAD_REQUEST");
            assertThat(letter.get("httpStatus").asInt()).isEqualTo(Integer.parseInt(id.substring(4, 7)));
            assertThat(letter.get("attempts").asInt()).isEqualTo(1);
            assertThat(test.simulator().requestsFor(id)).hasSize(1);
        }
    }

    @Test
    void throttledIdIsRetriedAndEnrichedOnceTheThrottlingPasses() throws Exception {
        Summary summary = enrich("THROTTLED2a");

        assertThat(summary.enriched()).isEqualTo(1);
        assertThat(test.simulator().requestsFor("THROTTLED2a")).extracting(r -> r.answer())
                .containsExactly("429", "429", "200");
        assertThat(test.deadLettersOf("THROTTLED2a")).isEmpty();
    }

    @Test
    void throttlingThatOutlastsTheAttemptsIsDeadLetteredAsRateLimited() throws Exception {
        Summary summary = enrich("HTTP429a");

        assertThat(summary.hasUnexpectedDeadLetters()).isTrue();
        JsonNode letter = onlyDeadLetterOf("HTTP429a");
        assertThat(letter.get("reason").asText()).isEqualTo("RATE_LIMITED");
        assertThat(letter.get("httpStatus").asInt()).isEqualTo(429);
        assertThat(letter.get("attempts").asInt()).isEqualTo(4);
        assertThat(test.simulator().requestsFor("HTTP429a")).hasSize(4);
    }

    @Test
    void serverErrorIsRetriedAndEnrichedWhenOmedaRecovers() throws Exception {
        enrich("FLAKY2a");

        assertThat(test.simulator().requestsFor("FLAKY2a")).extracting(r -> r.answer())
                .containsExactly("503", "503", "200");
        assertThat(test.recordsOf("FLAKY2a")).hasSize(com.omedaphonesync.simulator.SimulatedCustomers
                .phoneCount("FLAKY2a"));
    }

    @Test
    void serverErrorThatOutlastsTheAttemptsIsDeadLetteredAsServerError() throws Exception {
        enrich("HTTP500a", "HTTP502a");

        for (String id : List.of("HTTP500a", "HTTP502a")) {
            JsonNode letter = onlyDeadLetterOf(id);
            assertThat(letter.get("reason").asText()).isEqualTo("SERVER_ERROR");
            assertThat(letter.get("attempts").asInt()).isEqualTo(4);
            assertThat(test.simulator().requestsFor(id)).hasSize(4);
        }
    }

    @Test
    void droppedConnectionIsRetriedThenDeadLetteredAsUnreachable() throws Exception {
        enrich("DROP1");

        JsonNode letter = onlyDeadLetterOf("DROP1");
        assertThat(letter.get("reason").asText()).isEqualTo("UNREACHABLE");
        assertThat(letter.get("httpStatus").isNull()).isTrue();
        assertThat(letter.get("errors").isNull()).isTrue();
        assertThat(letter.get("submissionId").isNull()).isTrue();
        assertThat(letter.get("attempts").asInt()).isEqualTo(4);
        assertThat(test.simulator().requestsFor("DROP1")).hasSize(4);
    }

    @Test
    void invalidIdIsDeadLetteredWithoutAnyCall() throws Exception {
        Summary summary = enrich("not-an-id!", "../../admin");

        assertThat(summary.deadLettersByReason()).containsEntry(Reason.INVALID_ID, 2L);
        JsonNode letter = onlyDeadLetterOf("not-an-id!");
        assertThat(letter.get("reason").asText()).isEqualTo("INVALID_ID");
        assertThat(letter.get("attempts").asInt()).isZero();
        assertThat(letter.get("httpStatus").isNull()).isTrue();
        assertThat(test.simulator().requests()).noneMatch(r -> r.path().contains("admin") || r.path().contains("!"));
    }
}
