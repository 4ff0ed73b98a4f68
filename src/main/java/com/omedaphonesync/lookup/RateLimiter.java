package com.omedaphonesync.lookup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets at most {@code perSecond} lookups reach Omeda in any one-second window, across every source and retries
 * included. Starts are spread evenly (one every 1/R s) and, as a hard bound that holds as Omeda counts, a
 * lookup only starts when fewer than R others may have arrived at Omeda within the second before it: a lookup
 * counts from its start until one second after its answer came back (it reached Omeda at some moment in
 * between, and no delay on the way, a cold connection or a busy CPU, can move it out of that span). A
 * caller waits for its reserved start outside the lock, so waiting callers do not hold each other up.
 */
public final class RateLimiter {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A started lookup: close it once its answer (or its failure) is in. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int perSecond;
    private final long spacingNanos;
    /** When recent lookups finished, oldest first: a ring of {@code finishedCount} entries from {@code oldest}. */
    private long[] finishedAt;
    private int oldest;
    private int finishedCount;
    /** Lookups given a start and not yet finished: each may reach Omeda at any moment. */
    private int unfinished;
    private long nextStart;

    public RateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1");
        }
        this.perSecond = perSecond;
        this.spacingNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.finishedAt = new long[Math.min(perSecond, 1024)];
        this.nextStart = System.nanoTime();
    }

    /** Blocks until this caller may start a lookup; the permit must be closed when the lookup is done. */
    public Permit acquire() throws InterruptedException {
        long slot = reserve();
        Permit permit = new Permit() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (RateLimiter.this) {
                    if (!closed) {
                        closed = true;
                        finished();
                    }
                }
            }
        };
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                permit.close();
                throw new InterruptedException("interrupted while waiting for the rate limit");
            }
        }
        return permit;
    }

    private synchronized long reserve() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            while (finishedCount > 0 && finishedAt[oldest] <= now - WINDOW_NANOS) {
                oldest = (oldest + 1) % finishedAt.length;
                finishedCount--;
            }
            // besides this one, at most perSecond - 1 lookups may reach Omeda within a second of its start
            int room = perSecond - 1 - unfinished;
            if (room >= 0) {
                long slot = Math.max(now, nextStart);
                int mustExpire = finishedCount - room;
                if (mustExpire > 0) {
                    long expiring = finishedAt[(oldest + mustExpire - 1) % finishedAt.length];
                    slot = Math.max(slot, expiring + WINDOW_NANOS);
                }
                unfinished++;
                nextStart = slot + spacingNanos;
                return slot;
            }
            wait();
        }
    }

    /** Called under the lock when a lookup's answer is in. */
    private void finished() {
        unfinished--;
        if (finishedCount == finishedAt.length) {
            long[] grown = new long[finishedAt.length * 2];
            for (int i = 0; i < finishedCount; i++) {
                grown[i] = finishedAt[(oldest + i) % finishedAt.length];
            }
            finishedAt = grown;
            oldest = 0;
        }
        finishedAt[(oldest + finishedCount) % finishedAt.length] = System.nanoTime();
        finishedCount++;
        notifyAll();
    }
}
