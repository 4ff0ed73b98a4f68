package com.omedaphonesync.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Holds back the answer for one customer id: it tells the test when that lookup has arrived, then waits
 * {@code delay} before passing the simulator's answer on. So a test knows for certain that a lookup is in flight,
 * e.g. to send SIGTERM at that moment.
 */
final class DelayingProxy extends SimulatorProxy {
    private final String heldPath;
    private final Duration delay;
    private final CountDownLatch heldArrived = new CountDownLatch(1);

    DelayingProxy(String target, String heldCustomerId, Duration delay) throws IOException {
        super(target);
        this.heldPath = "/customer/" + heldCustomerId + "/";
        this.delay = delay;
    }

    /** Whether the held lookup has reached the proxy (its answer is then {@code delay} away). */
    boolean heldLookupArrived() {
        return heldArrived.getCount() == 0;
    }

    @Override
    protected void beforeForwarding(String path) throws InterruptedException {
        if (path.contains(heldPath)) {
            heldArrived.countDown();
            Thread.sleep(delay.toMillis());
        }
    }
}
