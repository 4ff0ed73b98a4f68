package com.omedaphonesync.lookup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets at most {@code perSecond} requests reach Omeda in any one-second window, across every source and
 * retries included. Starts are spread evenly (one every 1/R s) and, as a hard bound, a start waits until the
 * start R places before it is more than a second (plus a guard) in the past. {@link OmedaHttp} takes a permit
 * inside HttpClient, once the connection is ready and just before the request is written, so that the spacing
 * is the one Omeda sees; the guard covers what little remains (a first request loading classes, timer slack).
 * A caller waits for its reserved slot outside the lock, so waiting callers do not hold each other up.
 */
public final class RateLimiter {
    /** Covers the time between a permit and the request reaching the server. */
    private static final long GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1) + GUARD_NANOS;

    private final long spacingNanos;
    private final long[] recentStarts;
    private int oldest;
    private long nextStart;

    public RateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.spacingNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.recentStarts = new long[perSecond];
        Arrays.fill(recentStarts, Long.MIN_VALUE / 2);
        this.nextStart = System.nanoTime();
    }

    /** Blocks until this caller may start a lookup. */
    public void acquire() throws InterruptedException {
        long slot = reserve();
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the rate limit");
            }
        }
    }

    private synchronized long reserve() {
        long slot = Math.max(System.nanoTime(), Math.max(nextStart, recentStarts[oldest] + WINDOW_NANOS));
        recentStarts[oldest] = slot;
        oldest = (oldest + 1) % recentStarts.length;
        nextStart = slot + spacingNanos;
        return slot;
    }
}
