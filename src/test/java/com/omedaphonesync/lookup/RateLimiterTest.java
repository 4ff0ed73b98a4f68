package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * {@code omeda.http.rate-limit-per-second}, seen from Omeda's side. Only an upper bound is asserted: how fast
 * the product goes belongs in a benchmark, not in a test.
 */
class RateLimiterTest {
    private static final int LIMIT = 20;
    private static final int IDS = 60;

    @Test
    void noOneSecondWindowSeesMoreLookupsThanTheLimit(@TempDir Path dir) throws Exception {
        String ids = IntStream.range(0, IDS).mapToObj(i -> "RATE" + i).collect(Collectors.joining("\n", "", "\n"));
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.http.rate-limit-per-second", String.valueOf(LIMIT),
                "omeda.http.concurrency", "8"))) {

            Summary summary = test.app().enrich(test.idsFile("rate.txt", ids));

            assertThat(summary.enriched()).isEqualTo(IDS);
            assertThat(test.simulator().requestCount()).isEqualTo(IDS);
            assertThat(test.simulator().busiestSecond()).isLessThanOrEqualTo(LIMIT);
        }
    }

    @Test
    void retriesCountAgainstTheLimitToo(@TempDir Path dir) throws Exception {
        // each FLAKY2 id costs three requests: 30 requests for 10 ids
        String ids = IntStream.range(0, 10).mapToObj(i -> "FLAKY2r" + i).collect(Collectors.joining("\n", "", "\n"));
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.http.rate-limit-per-second", String.valueOf(LIMIT),
                "omeda.http.concurrency", "8",
                "omeda.retry.initial-delay-ms", "0"))) {

            Summary summary = test.app().enrich(test.idsFile("flaky.txt", ids));

            assertThat(summary.enriched()).isEqualTo(10);
            assertThat(test.simulator().requestCount()).isEqualTo(30);
            assertThat(test.simulator().busiestSecond()).isLessThanOrEqualTo(LIMIT);
        }
    }

    @Test
    void thePermitAfterTheLimitWaitsUntilTheFirstIsASecondOld() throws Exception {
        RateLimiter limiter = new RateLimiter(3);
        long[] granted = new long[4];
        for (int i = 0; i < granted.length; i++) {
            limiter.acquire();
            granted[i] = System.nanoTime();
        }

        assertThat(granted[3] - granted[0]).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void theFirstWindowLeavesRoomForAColdClientOrServer() throws Exception {
        RateLimiter limiter = new RateLimiter(2);
        long first = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }

        assertThat(System.nanoTime() - first)
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1) + RateLimiter.COLD_GUARD_NANOS);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(0));
    }
}
