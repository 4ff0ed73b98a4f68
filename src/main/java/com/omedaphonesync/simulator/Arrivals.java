package com.omedaphonesync.simulator;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When requests arrived, kept in constant time and memory per request so that a run of millions of requests
 * costs the simulator nothing: the count, the busiest one-second window (sliding, not aligned to clock seconds)
 * and the count in each whole second since the first request, from which a client's sustained rate can be read
 * server-side. Arrivals are stamped under the lock, so the stamps are in order and the sliding window is exact.
 */
final class Arrivals {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier nanoClock;

    /** The stamps of the last second's arrivals, a ring buffer that grows to the busiest second seen. */
    private long[] window = new long[1024];
    private int head;
    private int size;
    private int busiest;
    private long count;
    private long first;
    private int[] perSecond = new int[64];
    private int seconds;

    Arrivals() {
        this(System::nanoTime);
    }

    Arrivals(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    synchronized void arrive() {
        long now = nanoClock.getAsLong();
        if (count == 0) {
            first = now;
        }
        count++;
        while (size > 0 && now - window[head] >= SECOND) {
            head = (head + 1) % window.length;
            size--;
        }
        if (size == window.length) {
            long[] grown = new long[window.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = window[(head + i) % window.length];
            }
            window = grown;
            head = 0;
        }
        window[(head + size) % window.length] = now;
        size++;
        busiest = Math.max(busiest, size);
        int second = (int) ((now - first) / SECOND);
        if (second >= perSecond.length) {
            perSecond = Arrays.copyOf(perSecond, Math.max(perSecond.length * 2, second + 1));
        }
        perSecond[second]++;
        seconds = Math.max(seconds, second + 1);
    }

    synchronized long count() {
        return count;
    }

    synchronized int busiestSecond() {
        return busiest;
    }

    /** Requests in each whole second since the first one, up to the one in progress. */
    synchronized int[] perSecond() {
        return Arrays.copyOf(perSecond, seconds);
    }
}
