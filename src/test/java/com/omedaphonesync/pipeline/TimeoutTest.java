package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.TestApp;

/**
 * The "timeout, refused or reset connection" row of SPEC.md section 5: retried with back-off, then dead-lettered
 * as {@code UNREACHABLE} with no HTTP status, errors or submission id.
 */
class TimeoutTest {
    @TempDir
    Path dir;

    private static void assertUnreachable(JsonNode letter, int attempts) {
        assertThat(letter.get("reason").asText()).isEqualTo("UNREACHABLE");
        assertThat(letter.get("attempts").asInt()).isEqualTo(attempts);
        assertThat(letter.get("httpStatus").isNull()).isTrue();
        assertThat(letter.get("errors").isNull()).isTrue();
        assertThat(letter.get("submissionId").isNull()).isTrue();
        assertThat(letter.get("source").asText()).startsWith("file:");
        assertThat(letter.get("brand").asText()).isEqualTo(TestApp.BRAND);
    }

    @Test
    void answerSlowerThanTheResponseTimeoutIsRetriedThenDeadLetteredAsUnreachable() throws Exception {
        SimulatorOptions slow = SimulatorOptions.builder().slowMillis(1_500).recordRequests(true).build();
        try (TestApp test = TestApp.batch(dir, slow, Map.of(
                "omeda.http.response-timeout-ms", "300",
                "omeda.retry.max-attempts", "3"))) {
            Summary summary = test.app().enrich(test.idsFile("ids.txt", "SLOW1\n12345\n"));

            assertThat(summary.deadLettersByReason()).containsEntry(Reason.UNREACHABLE, 1L);

            assertThat(summary.deadLettered()).isEqualTo(1);
            assertThat(summary.enriched()).isEqualTo(1);
            assertThat(test.deadLettersOf("SLOW1")).singleElement().satisfies(l -> assertUnreachable(l, 3));
            assertThat(test.recordsOf("SLOW1")).isEmpty();
            assertThat(test.recordsOf("12345")).hasSize(2);
            // the simulator notes a slow request once it has answered it, after the client gave up
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    test.simulator().requestsFor("SLOW1")).hasSize(3));
        }
    }

    @Test
    void refusedConnectionIsRetriedThenDeadLetteredAsUnreachable() throws Exception {
        int closed = FreePort.next();
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().recordRequests(true).build(), Map.of(
                "omeda.base-url", "http://127.0.0.1:" + closed,
                "omeda.http.connect-timeout-ms", "500",
                "omeda.retry.max-attempts", "3"))) {
            Summary summary = test.app().enrich(test.idsFile("ids.txt", "12345\nNOTFOUND1\n"));

            assertThat(summary.deadLettersByReason()).containsEntry(Reason.UNREACHABLE, 2L);

            assertThat(summary.deadLettered()).isEqualTo(2);
            assertThat(summary.hasUnexpectedDeadLetters()).isTrue();
            assertThat(test.deadLettersOf("12345")).singleElement().satisfies(l -> assertUnreachable(l, 3));
            assertThat(test.deadLettersOf("NOTFOUND1")).singleElement().satisfies(l -> assertUnreachable(l, 3));
            assertThat(test.records()).isEmpty();
            assertThat(test.simulator().requests()).isEmpty();
            assertThat(test.app().gate().isRejected()).isFalse();
        }
    }

    @Test
    void defaultAttemptsApplyToATimeout() throws Exception {
        SimulatorOptions slow = SimulatorOptions.builder().slowMillis(1_000).recordRequests(true).build();
        try (TestApp test = TestApp.batch(dir, slow, Map.of("omeda.http.response-timeout-ms", "200"))) {
            test.app().enrich(test.idsFile("ids.txt", "SLOW2\n"));

            assertThat(test.deadLettersOf("SLOW2")).singleElement().satisfies(l -> assertUnreachable(l, 4));
        }
    }
}
