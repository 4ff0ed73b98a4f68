package com.omedaphonesync.cluster;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.omedaphonesync.cli.SimulatorProxy;

/**
 * Holds the lookups of chosen ids until {@link #open()} and passes every other one on at once, so that "a file
 * done up to a given id, its next ids in flight" is a state the test makes happen, whatever order the lookup
 * threads happen to reach Omeda in.
 */
final class IdGate extends SimulatorProxy {
    private final Set<String> held;
    private final AtomicInteger waiting = new AtomicInteger();
    private final CountDownLatch opened = new CountDownLatch(1);

    IdGate(String target, Set<String> held) throws IOException {
        super(target);
        this.held = held;
    }

    /** Lookups held at the gate right now. */
    int waiting() {
        return waiting.get();
    }

    void open() {
        opened.countDown();
    }

    @Override
    protected void beforeForwarding(String path) throws InterruptedException {
        String id = path.substring(path.lastIndexOf("/customer/") + "/customer/".length(), path.lastIndexOf("/phone"));
        if (held.contains(id) && opened.getCount() > 0) {
            waiting.incrementAndGet();
            try {
                opened.await();
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        open();
        super.close();
    }
}
