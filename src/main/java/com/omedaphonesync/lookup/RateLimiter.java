package com.omedaphonesync.lookup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets at most {@code perSecond} requests reach Omeda in any one-second window, across every source and
 * retries included. Starts are spread evenly (one every 1/R s) and, as a hard bound, a start waits until the
 * start R places before it is more than a second (plus a guard) in the past. {@link OmedaHttpComponent} takes a permit
 * inside HttpClient, once the connection is ready and just before the request is written, so that the spacing
 * is the one Omeda sees; the guard covers what little remains (timer slack, scheduling). The first R starts get a
 * wider guard: a cold client (classes still loading after the permit) or a cold server (the first requests of a
 * process handled late) can hold the first requests back by tens of milliseconds, which would squeeze the
 * starts one second later into the same window as seen by the server. This costs the run once, not per second.
 * A caller waits for its reserved slot outside the lock, so waiting callers do not hold each other up.
 * <p>
 * The rate can change while running ({@link #setPerSecond}): in a cluster each instance's share of the cluster's
 * budget follows the number of live members. The window keeps the starts already made, so a lowered rate holds
 * from the moment it is set over any second that follows, and a raised one only lets in what the new rate allows.
 */
public final class RateLimiter {
    /** Covers the time between a permit and the request reaching the server. */
    private static final long GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The guard of the first R starts, while either end may still be warming up. */
    static final long COLD_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private long spacingNanos;
    /** For each of the last R starts, when the start R places after it may go: a ring, oldest first. */
    private long[] windowEnds;
    private int oldest;
    private long nextStart;
    private long granted;

    public RateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.spacingNanos = SECOND_NANOS / perSecond;
        this.windowEnds = new long[perSecond];
        Arrays.fill(windowEnds, Long.MIN_VALUE / 2);
        this.nextStart = System.nanoTime();
    }

    /** The rate now. */
    public synchronized int perSecond() {
        return windowEnds.length;
    }

    /**
     * Changes the rate from the next start on. The newest starts stay in the window (as many as the new rate
     * counts), so no second that contains starts made under the old rate gets more than the new rate allows on
     * top of them: lowering takes effect at once, raising does not let a burst through.
     */
    public synchronized void setPerSecond(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        int old = windowEnds.length;
        if (perSecond == old) {
            return;
        }
        long[] ends = new long[perSecond];
        Arrays.fill(ends, Long.MIN_VALUE / 2);
        int kept = Math.min(old, perSecond);
        for (int i = 0; i < kept; i++) {
            ends[perSecond - kept + i] = windowEnds[(oldest + old - kept + i) % old];
        }
        windowEnds = ends;
        oldest = 0;
        spacingNanos = SECOND_NANOS / perSecond;
    }

    /** No start before {@code delay} from now: an instance joining a cluster waits for the others to make room. */
    public synchronized void holdFor(long delayNanos) {
        nextStart = Math.max(nextStart, System.nanoTime() + delayNanos);
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

    /** Permits given so far: every request to Omeda, retries included, takes one. */
    public synchronized long granted() {
        return granted;
    }

    private synchronized long reserve() {
        long slot = Math.max(System.nanoTime(), Math.max(nextStart, windowEnds[oldest]));
        long guard = granted < windowEnds.length ? COLD_GUARD_NANOS : GUARD_NANOS;
        granted++;
        windowEnds[oldest] = slot + SECOND_NANOS + guard;
        oldest = (oldest + 1) % windowEnds.length;
        nextStart = slot + spacingNanos;
        return slot;
    }
}
