package com.omedaphonesync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ArrivalsTest {
    private final AtomicLong now = new AtomicLong(123_456_789L);
    private final Arrivals arrivals = new Arrivals(now::get);

    @Test
    void busiestSecondIsASlidingWindowNotAClockSecond() {
        at(0, 1);
        at(900, 3);
        at(1_100, 3);
        at(1_950, 1);

        assertThat(arrivals.busiestSecond()).as("0.9 s to 1.1 s holds six arrivals").isEqualTo(6);
        assertThat(arrivals.count()).isEqualTo(8);
    }

    @Test
    void anArrivalExactlyOneSecondLaterStartsANewWindow() {
        at(0, 5);
        at(1_000, 5);

        assertThat(arrivals.busiestSecond()).isEqualTo(5);
    }

    @Test
    void busiestSecondCountsMoreArrivalsThanTheInitialWindowHolds() {
        at(0, 1_000);
        at(500, 2_000);
        at(1_200, 10);

        assertThat(arrivals.busiestSecond()).isEqualTo(3_000);
    }

    @Test
    void perSecondCountsEachWholeSecondSinceTheFirstArrival() {
        at(0, 2);
        at(999, 1);
        at(1_000, 4);
        at(3_500, 1);

        assertThat(arrivals.perSecond()).containsExactly(3, 4, 0, 1);
    }

    @Test
    void nothingArrivedIsAllZero() {
        assertThat(arrivals.count()).isZero();
        assertThat(arrivals.busiestSecond()).isZero();
        assertThat(arrivals.perSecond()).isEmpty();
    }

    /** {@code count} arrivals at {@code millis} after the start. */
    private void at(long millis, int count) {
        now.set(123_456_789L + TimeUnit.MILLISECONDS.toNanos(millis));
        for (int i = 0; i < count; i++) {
            arrivals.arrive();
        }
    }
}
