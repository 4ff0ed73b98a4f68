package com.omedaphonesync.cli;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Freezes the run at a point the test chooses: it passes requests on until it has seen at least
 * {@code fileRequests} lookups of ids starting with {@code F} and {@code queueRequests} of ids starting with
 * {@code Q}, then holds every later request until {@link #open()}. So "the file and the queue partly done" is a
 * state the test makes happen, not a moment it hopes to catch on a busy machine.
 */
final class GatingProxy extends SimulatorProxy {
    private final int fileRequests;
    private final int queueRequests;
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean closed;

    GatingProxy(String target, int fileRequests, int queueRequests) throws IOException {
        super(target);
        this.fileRequests = fileRequests;
        this.queueRequests = queueRequests;
    }

    /** Whether the gate has shut: from then on no lookup gets an answer until it opens. */
    boolean isClosed() {
        return closed;
    }

    /** Lets every held request through, and every later one. */
    void open() {
        opened.countDown();
    }

    @Override
    protected void beforeForwarding(String path) throws InterruptedException {
        if (opened.getCount() == 0) {
            return;
        }
        if (closed) {
            opened.await();
            return;
        }
        int f = path.contains("/customer/F") ? files.incrementAndGet() : files.get();
        int q = path.contains("/customer/Q") ? queued.incrementAndGet() : queued.get();
        if (f >= fileRequests && q >= queueRequests) {
            closed = true;
        }
    }

    @Override
    public void close() {
        open();
        super.close();
    }
}
