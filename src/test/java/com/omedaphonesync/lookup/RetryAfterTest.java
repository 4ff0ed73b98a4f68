package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/** SPEC.md section 5: a 429 is retried after {@code Retry-After}, but never waits longer than the cap. */
class RetryAfterTest {
    @TempDir
    Path dir;

    @Test
    void throttledIdWaitsForRetryAfterBeforeItsNextAttempt() throws Exception {
        try (TestApp test = TestApp.batch(dir,
                SimulatorOptions.builder().retryAfterSeconds(1).recordRequests(true).build(),
                Map.of("omeda.retry.initial-delay-ms", "10", "omeda.retry.max-delay-ms", "5000"))) {

            test.app().enrich(test.idsFile("ids.txt", "THROTTLED1a\n"));

            List<OmedaSimulator.Request> requests = test.simulator().requestsFor("THROTTLED1a");
            assertThat(requests).extracting(OmedaSimulator.Request::answer).containsExactly("429", "200");
            long waitedNanos = requests.get(1).nanoTime() - requests.get(0).nanoTime();
            assertThat(waitedNanos).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** Without the cap this test would wait an hour; the timeout turns that into a failure. */
    @Test
    @Timeout(60)
    void retryAfterLongerThanTheCapWaitsOnlyTheCap() throws Exception {
        try (TestApp test = TestApp.batch(dir,
                SimulatorOptions.builder().retryAfterSeconds(3600).recordRequests(true).build(),
                Map.of("omeda.retry.max-delay-ms", "100"))) {

            test.app().enrich(test.idsFile("ids.txt", "HTTP429a\n"));

            assertThat(test.simulator().requestsFor("HTTP429a")).hasSize(4);
            assertThat(test.deadLettersOf("HTTP429a")).singleElement()
                    .satisfies(letter -> assertThat(letter.get("reason").asText()).isEqualTo("RATE_LIMITED"));
        }
    }
}
