package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.omedaphonesync.config.Settings;

/** Back-off of SPEC.md section 3: doubles each attempt with jitter, capped; Retry-After honoured, capped. */
class BackoffTest {
    private static final int SAMPLES = 500;

    private static Backoff backoff(long initialMillis, long maxMillis) {
        return new Backoff(new Settings.Retry(4, Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis)));
    }

    @Test
    void eachDelayIsWithinAQuarterOfInitialTimesTwoToTheAttemptsMadeMinusOne() {
        Backoff backoff = backoff(100, 1_000_000);

        for (int attempt = 1; attempt <= 10; attempt++) {
            double base = 100 * Math.pow(2, attempt - 1);
            for (int i = 0; i < SAMPLES; i++) {
                long millis = backoff.delay(attempt, null).toMillis();
                assertThat(millis).as("after attempt %d", attempt)
                        .isBetween((long) Math.floor(0.75 * base), (long) Math.ceil(1.25 * base));
            }
        }
    }

    @Test
    void theDelaysAreJitteredNotAllAlike() {
        Backoff backoff = backoff(1000, 1_000_000);
        Set<Long> seen = new HashSet<>();

        for (int i = 0; i < SAMPLES; i++) {
            seen.add(backoff.delay(2, null).toMillis());
        }

        assertThat(seen).hasSizeGreaterThan(10);
        assertThat(seen).anyMatch(d -> d < 2000).anyMatch(d -> d > 2000);
    }

    @Test
    void noDelayExceedsTheMaxDelay() {
        Backoff backoff = backoff(500, 30_000);

        for (int attempt = 1; attempt <= 100; attempt++) {
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt, null)).isLessThanOrEqualTo(Duration.ofMillis(30_000))
                        .isGreaterThanOrEqualTo(Duration.ZERO);
            }
        }
        assertThat(backoff.delay(20, null)).isEqualTo(Duration.ofMillis(30_000));
        assertThat(backoff.delay(Integer.MAX_VALUE, null)).isEqualTo(Duration.ofMillis(30_000));
    }

    @Test
    void aRetryAfterIsWaitedExactly() {
        Backoff backoff = backoff(500, 30_000);

        assertThat(backoff.delay(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(3, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(1, Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aRetryAfterLongerThanTheMaxDelayIsCapped() {
        Backoff backoff = backoff(500, 30_000);

        assertThat(backoff.delay(1, Duration.ofHours(1))).isEqualTo(Duration.ofMillis(30_000));
    }

    @Test
    void aZeroInitialDelayRetriesAtOnce() {
        assertThat(backoff(0, 30_000).delay(3, null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theRetryAfterHeaderIsReadAsSecondsOrAnHttpDate() {
        assertThat(Verdict.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(Verdict.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(Verdict.retryAfter(null)).isNull();
        assertThat(Verdict.retryAfter("soon")).isNull();
        assertThat(Verdict.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        assertThat(Verdict.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    }
}
