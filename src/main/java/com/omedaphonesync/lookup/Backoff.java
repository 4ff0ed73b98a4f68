package com.omedaphonesync.lookup;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.omedaphonesync.config.Settings;

/**
 * How long to wait before the next attempt: Omeda's {@code Retry-After} when it sent one, otherwise an
 * exponential back-off from the initial delay, doubling each attempt with ±25% jitter so that ids failing
 * together do not retry together; never more than the configured cap.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    Backoff(Settings.Retry retry) {
        this.initialMillis = retry.initialDelay().toMillis();
        this.maxMillis = retry.maxDelay().toMillis();
    }

    /**
     * @param failedAttempts attempts made so far, at least 1
     */
    Duration delay(int failedAttempts, Duration retryAfter) {
        if (retryAfter != null) {
            return Duration.ofMillis(Math.min(retryAfter.toMillis(), maxMillis));
        }
        double base = initialMillis * Math.pow(2, Math.min(failedAttempts - 1, 30));
        double jittered = base * ThreadLocalRandom.current().nextDouble(0.75, 1.25);
        return Duration.ofMillis((long) Math.min(jittered, maxMillis));
    }
}
