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
 * from the moment it is set over any second that follows. A raised one comes into force a second later: the share
 * grows because another member left, and that member's last second of requests still counts at Omeda.
 */
public final class RateLimiter {
    /** Covers the time between a permit and the request reaching the server: one instance's scheduling. */
    public static final long GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * The guard in a cluster, where Omeda counts the requests of several processes, often on several machines, each
     * with its own delays on the way (docs/cluster.md gives the sliding seconds measured with 20 and 50 ms). The
     * cluster's rate stays about 0.95 of its budget, above the 0.9 it must reach.
     */
    public static final long CLUSTER_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The guard of the first R starts, while either end may still be warming up. */
    static final long COLD_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long guardNanos;
    private long spacingNanos;
    /** For each of the last R starts, when the start R places after it may go: a ring, oldest first. */
    private long[] windowEnds;
    private int oldest;
    private long nextStart;
    private long granted;

    /** {@code guardNanos}: how long after a second has passed its starts may still be arriving at the server. */
    public RateLimiter(int perSecond, long guardNanos) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.guardNanos = guardNanos;
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
     * Changes the rate. The newest starts stay in the window (as many as the new rate counts), so no second that
     * contains starts made under the old rate gets more than the new rate allows on top of them: lowering takes
     * effect at once. Raising keeps every start made and counts the added places as taken now: for the next second
     * the old rate holds, so the share of a member that has just left (its requests of the last second still at
     * Omeda) never comes on top of its own.
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
        int kept = Math.min(old, perSecond);
        for (int i = 0; i < kept; i++) {
            ends[i] = windowEnds[(oldest + old - kept + i) % old];
        }
        // the added places count as taken now, and never before the newest start kept: the ring stays in the order
        // of time, which a later lowering relies on when it keeps the newest starts
        Arrays.fill(ends, kept, perSecond, Math.max(System.nanoTime() + SECOND_NANOS + guardNanos, ends[kept - 1]));
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

    /** Books the next start: the time the caller may go, in {@link System#nanoTime()}'s terms. */
    synchronized long reserve() {
        long slot = Math.max(System.nanoTime(), Math.max(nextStart, windowEnds[oldest]));
        long guard = granted < windowEnds.length ? Math.max(COLD_GUARD_NANOS, guardNanos) : guardNanos;
        granted++;
        windowEnds[oldest] = slot + SECOND_NANOS + guard;
        oldest = (oldest + 1) % windowEnds.length;
        nextStart = slot + spacingNanos;
        return slot;
    }
}
