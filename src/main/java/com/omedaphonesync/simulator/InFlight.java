package com.omedaphonesync.simulator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lookups that have arrived and are not yet being answered, and the most there have been at once: proof, seen
 * from the server, that a client keeps C requests outstanding together. A request counts from the moment its
 * answer is decided until just before the first byte of its answer is written, so the count is never more than
 * what the client has outstanding (it cannot have sent its next request on that connection before it reads the
 * answer), and reaching C means the client had at least C requests out at once.
 */
final class InFlight {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    void arrive() {
        int count = now.incrementAndGet();
        most.accumulateAndGet(count, Math::max);
    }

    void answer() {
        now.decrementAndGet();
    }

    int now() {
        return now.get();
    }

    int most() {
        return most.get();
    }
}
