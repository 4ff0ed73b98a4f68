package com.omedaphonesync.lookup;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling Omeda while it is unwell, as its documentation advises after a 500. Shared by every lookup:
 * after {@code threshold} attempts in a row end in a 5xx or no answer at all, the circuit opens and no call is
 * made for {@code openFor}; lookups that want to call wait (their thread blocks, so the dispatcher stops taking
 * ids and nothing queues up). Then exactly one call goes through as a probe: an answer closes the circuit, a
 * failure opens it for another cool-down. Any other answer, a 429 included, resets the count: Omeda answered,
 * and throttling is already handled by {@code Retry-After} and the rate limit.
 *
 * <p>Waiting is not an attempt: only calls count against an id's {@code omeda.retry.max-attempts}, a probe
 * included. Results of calls started before the circuit last opened are ignored, so that a slow answer to an
 * old call neither re-opens a circuit the probe just closed nor closes one it did not probe. A threshold of 0
 * turns the breaker off.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** Leave to make one call; hand it back with {@link #record} or {@link #abandon}. */
    public static final class Permit {
        private final boolean probe;
        private final long generation;

        private Permit(boolean probe, long generation) {
            this.probe = probe;
            this.generation = generation;
        }

        boolean isProbe() {
            return probe;
        }
    }

    private static final Permit UNGUARDED = new Permit(false, -1);

    private final int threshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.CLOSED;
    /** Bumped at each opening: permits of an older generation report on calls the circuit no longer heeds. */
    private long generation;
    private int consecutiveFailures;
    private long openedAt;
    private long probeAt;
    private int failedProbes;
    private long openings;
    private long probes;
    private boolean stopping;

    public CircuitBreaker(int threshold, Duration openFor) {
        this(threshold, openFor, System::nanoTime);
    }

    CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.openNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Blocks while the circuit is open or another lookup's probe is out.
     *
     * @throws InterruptedException when shutdown interrupts the wait or has begun; the caller holds its id
     */
    public Permit acquire() throws InterruptedException {
        if (threshold == 0) {
            return UNGUARDED;
        }
        lock.lockInterruptibly();
        try {
            for (;;) {
                Permit permit = tryAcquireLocked();
                if (permit != null) {
                    return permit;
                }
                if (stopping) {
                    throw new InterruptedException("shutting down while the Omeda circuit is open");
                }
                if (state == State.OPEN) {
                    changed.awaitNanos(Math.max(1, probeAt - nanoClock.getAsLong()));
                } else {
                    changed.await();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A permit if a call may start now, else null. */
    Permit tryAcquire() {
        if (threshold == 0) {
            return UNGUARDED;
        }
        lock.lock();
        try {
            return tryAcquireLocked();
        } finally {
            lock.unlock();
        }
    }

    private Permit tryAcquireLocked() {
        if (state == State.CLOSED) {
            return new Permit(false, generation);
        }
        if (state == State.OPEN && nanoClock.getAsLong() - probeAt >= 0) {
            state = State.HALF_OPEN;
            probes++;
            return new Permit(true, generation);
        }
        return null;
    }

    /**
     * The outcome of a permitted call.
     *
     * @param omedaUnwell a 5xx or no answer
     * @param detail what went wrong, for the log; shown only when it opens the circuit
     */
    public void record(Permit permit, boolean omedaUnwell, String detail) {
        if (permit == UNGUARDED) {
            return;
        }
        String opened = null;
        boolean closed = false;
        long wasOpenNanos = 0;
        int probesFailed = 0;
        lock.lock();
        try {
            if (permit.probe && state == State.HALF_OPEN) {
                if (omedaUnwell) {
                    failedProbes++;
                    probeAt = nanoClock.getAsLong() + openNanos;
                    state = State.OPEN;
                    LOG.debug("Omeda circuit probe failed ({}); next probe in {} s", detail, seconds(openNanos));
                } else {
                    wasOpenNanos = nanoClock.getAsLong() - openedAt;
                    probesFailed = failedProbes;
                    state = State.CLOSED;
                    consecutiveFailures = 0;
                    closed = true;
                }
                changed.signalAll();
            } else if (state == State.CLOSED && permit.generation == generation) {
                if (!omedaUnwell) {
                    consecutiveFailures = 0;
                } else if (++consecutiveFailures >= threshold) {
                    open();
                    opened = detail;
                }
            }
        } finally {
            lock.unlock();
        }
        if (opened != null) {
            LOG.warn("Omeda circuit open after {} consecutive failures (last: {}); next probe in {} s", threshold,
                    opened, seconds(openNanos));
        } else if (closed) {
            LOG.info("Omeda circuit closed: a probe was answered after the circuit had been open {} s "
                    + "({} probes failed before it)", seconds(wasOpenNanos), probesFailed);
        }
    }

    /** The permitted call ended without telling anything about Omeda (shutdown cut it short, say). */
    public void abandon(Permit permit) {
        if (!permit.probe) {
            return;
        }
        lock.lock();
        try {
            if (state == State.HALF_OPEN && permit.generation == generation) {
                // the cool-down has passed: the next waiting lookup probes at once
                state = State.OPEN;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shutdown has begun: lookups waiting on the circuit give up now, and their ids are held, rather than keep
     * the service from stopping until a probe gets an answer. Calls through a closed circuit go on.
     */
    public void stopWaiting() {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void open() {
        long now = nanoClock.getAsLong();
        state = State.OPEN;
        generation++;
        openings++;
        failedProbes = 0;
        openedAt = now;
        probeAt = now + openNanos;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Open or half-open: calls are held back. */
    public boolean isOpen() {
        return state() != State.CLOSED;
    }

    /** How often the circuit has opened (a failed probe re-opening it is not counted). */
    public long openings() {
        lock.lock();
        try {
            return openings;
        } finally {
            lock.unlock();
        }
    }

    /** How many probes have been let through. */
    public long probes() {
        lock.lock();
        try {
            return probes;
        } finally {
            lock.unlock();
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
