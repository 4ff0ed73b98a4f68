package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    void aLookupStillInFlightCountsUntilASecondAfterItsAnswer() throws Exception {
        RateLimiter limiter = new RateLimiter(1);
        RateLimiter.Permit first = limiter.acquire();
        AtomicLong secondStarted = new AtomicLong();
        Thread second = new Thread(() -> {
            try (RateLimiter.Permit permit = limiter.acquire()) {
                secondStarted.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();

        Thread.sleep(200); // the first answer takes a while
        long firstAnswered = System.nanoTime();
        first.close();
        second.join(5_000);

        assertThat(secondStarted.get()).isNotZero();
        assertThat(secondStarted.get() - firstAnswered).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(0));
    }
}
