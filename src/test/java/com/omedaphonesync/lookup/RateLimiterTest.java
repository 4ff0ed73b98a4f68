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
 * {@code omeda.http.rate-limit-per-second}: every request to Omeda, retries included, takes a permit, and permits
 * are spaced so that no second holds more than the limit. Both are asserted without timing the run: the busiest
 * second as Omeda's side sees it depends on how both ends are scheduled, and is measured by {@code bench/run}'s
 * rate-limit cell on a quiet machine, not by a test that must pass on a busy one.
 */
class RateLimiterTest {
    private static final int LIMIT = 20;
    private static final int IDS = 60;

    private static long permits(TestApp test) {
        return test.app().context().getComponent("omeda-http", OmedaHttpComponent.class).rateLimiter().granted();
    }

    /**
     * Any LIMIT + 1 permits in a row span more than a second, the window Omeda counts in: a permit is never given
     * less than a second after the permit LIMIT places before it was asked for. (Asked-for and given times bound
     * the permits from both sides, so a slow machine cannot make this fail.)
     */
    @Test
    void noLimitPlusOnePermitsFallInOneSecond() throws Exception {
        RateLimiter limiter = new RateLimiter(LIMIT, RateLimiter.GUARD_NANOS);
        long[] asked = new long[3 * LIMIT];
        long[] given = new long[asked.length];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = System.nanoTime();
            limiter.acquire();
            given[i] = System.nanoTime();
        }

        for (int i = LIMIT; i < asked.length; i++) {
            assertThat(given[i] - asked[i - LIMIT]).as("permits %d and %d", i - LIMIT, i)
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        }
    }

    @Test
    void everyLookupTakesAPermit(@TempDir Path dir) throws Exception {
        String ids = IntStream.range(0, IDS).mapToObj(i -> "RATE" + i).collect(Collectors.joining("\n", "", "\n"));
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.http.rate-limit-per-second", String.valueOf(LIMIT),
                "omeda.http.concurrency", "8"))) {

            Summary summary = test.app().enrich(test.idsFile("rate.txt", ids));

            assertThat(summary.enriched()).isEqualTo(IDS);
            assertThat(test.simulator().requestCount()).isEqualTo(IDS);
            assertThat(permits(test)).as("a permit for every request").isEqualTo(IDS);
        }
    }

    @Test
    void retriesTakeAPermitToo(@TempDir Path dir) throws Exception {
        // each FLAKY2 id costs three requests: 30 requests for 10 ids
        String ids = IntStream.range(0, 10).mapToObj(i -> "FLAKY2r" + i).collect(Collectors.joining("\n", "", "\n"));
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.http.rate-limit-per-second", String.valueOf(LIMIT),
                "omeda.http.concurrency", "8",
                "omeda.retry.initial-delay-ms", "0"))) {

            Summary summary = test.app().enrich(test.idsFile("flaky.txt", ids));

            assertThat(summary.enriched()).isEqualTo(10);
            assertThat(test.simulator().requestCount()).isEqualTo(30);
            assertThat(permits(test)).as("a permit for every request, retries included").isEqualTo(30);
        }
    }

    @Test
    void thePermitAfterTheLimitWaitsUntilTheFirstIsASecondOld() throws Exception {
        RateLimiter limiter = new RateLimiter(3, RateLimiter.GUARD_NANOS);
        long[] granted = new long[4];
        for (int i = 0; i < granted.length; i++) {
            limiter.acquire();
            granted[i] = System.nanoTime();
        }

        assertThat(granted[3] - granted[0]).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    /** In a cluster Omeda counts the requests of several processes: each window is held longer by the guard. */
    @Test
    void theClusterGuardHoldsEachWindowLonger() {
        RateLimiter limiter = new RateLimiter(2, RateLimiter.CLUSTER_GUARD_NANOS);
        long[] slot = new long[5];
        for (int i = 0; i < slot.length; i++) {
            slot[i] = limiter.reserve();
        }

        // start 4 may go a second and the guard after start 2 (starts 0 and 1 have the cold guard)
        assertThat(slot[4] - slot[2]).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1)
                + RateLimiter.CLUSTER_GUARD_NANOS);
    }

    @Test
    void theFirstWindowLeavesRoomForAColdClientOrServer() throws Exception {
        RateLimiter limiter = new RateLimiter(2, RateLimiter.GUARD_NANOS);
        long first = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }

        assertThat(System.nanoTime() - first)
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1) + RateLimiter.COLD_GUARD_NANOS);
    }

    /** In a cluster a member's share drops when another joins: the starts already made count against the new rate. */
    @Test
    void aLoweredRateHoldsAtOnceCountingTheStartsAlreadyMade() throws Exception {
        RateLimiter limiter = new RateLimiter(10, RateLimiter.GUARD_NANOS);
        long[] granted = new long[4];
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
            granted[i] = System.nanoTime();
        }
        long asked = System.nanoTime();
        limiter.setPerSecond(2);
        limiter.acquire();
        granted[3] = System.nanoTime();

        assertThat(limiter.perSecond()).isEqualTo(2);
        // the third permit is the second newest start before it: a second must pass after it
        assertThat(granted[3] - granted[1]).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(granted[3]).isGreaterThan(asked);
    }

    /** A member's share grows when another dies; the window of starts made lets no burst through. */
    @Test
    void aRaisedRateLetsNoMoreThanItsOwnCountIntoAnySecond() throws Exception {
        RateLimiter limiter = new RateLimiter(2, RateLimiter.GUARD_NANOS);
        long[] asked = new long[8];
        long[] given = new long[asked.length];
        for (int i = 0; i < asked.length; i++) {
            if (i == 2) {
                limiter.setPerSecond(4);
            }
            asked[i] = System.nanoTime();
            limiter.acquire();
            given[i] = System.nanoTime();
        }

        for (int i = 4; i < asked.length; i++) {
            assertThat(given[i] - asked[i - 4]).as("permits %d and %d", i - 4, i)
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        }
    }

    /**
     * A member's share grows because another left, whose requests of its last second Omeda still counts: for a
     * second after the raise only the old rate's starts are let through, the added ones after that.
     */
    @Test
    void aRaisedRateComesIntoForceASecondLater() throws Exception {
        RateLimiter limiter = new RateLimiter(2, RateLimiter.GUARD_NANOS);
        limiter.reserve();
        limiter.reserve();
        // both starts, at 0 and 0.5 s, more than a second (and the cold guard) old: the old rate's places are free
        Thread.sleep(1700);
        long raised = System.nanoTime();
        limiter.setPerSecond(20);
        long[] slot = new long[3];
        for (int i = 0; i < slot.length; i++) {
            slot[i] = limiter.reserve();
        }

        // the first two take the old rate's places; the third is an added one
        assertThat(slot[2] - raised).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * A share raised (a member left) and lowered again within the second (another joined): the starts made meanwhile
     * still count, so no second gets more than the lowered share.
     */
    @Test
    void aRaiseUndoneWithinTheSecondLetsNoMoreThanTheOldRateThrough() {
        RateLimiter limiter = new RateLimiter(2, RateLimiter.GUARD_NANOS);
        long[] slot = new long[4];
        slot[0] = limiter.reserve();
        slot[1] = limiter.reserve();
        limiter.setPerSecond(4);
        slot[2] = limiter.reserve();
        limiter.setPerSecond(2);
        slot[3] = limiter.reserve();

        // starts 1, 2 and 3 in one second would be three at a rate of two
        assertThat(slot[3] - slot[1]).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aJoiningMemberWaitsBeforeItsFirstStart() throws Exception {
        RateLimiter limiter = new RateLimiter(100, RateLimiter.GUARD_NANOS);
        long asked = System.nanoTime();
        limiter.holdFor(TimeUnit.MILLISECONDS.toNanos(300));
        limiter.acquire();

        assertThat(System.nanoTime() - asked).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(0, RateLimiter.GUARD_NANOS));
    }
}
