package com.omedaphonesync.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Freezes one service at a point the test chooses: it passes every lookup on except those of customer ids that
 * start with {@code marker}, which it holds until {@link #open()}. A record holding such an id among others is
 * then in flight and cannot finish, while its other ids reach their outcomes: a state the test makes happen
 * rather than a moment it hopes to catch.
 */
final class HoldingProxy extends SimulatorProxy {
    private static final String CUSTOMER = "/customer/";

    private final String marker;
    private final List<String> held = new CopyOnWriteArrayList<>();
    private final CountDownLatch opened = new CountDownLatch(1);

    HoldingProxy(String target, String marker) throws IOException {
        super(target);
        this.marker = marker;
    }

    /** The ids whose lookups have been held, in the order they came. */
    List<String> held() {
        return held;
    }

    /** Lets every held lookup through, and every later one. */
    void open() {
        opened.countDown();
    }

    @Override
    protected void beforeForwarding(String path) throws InterruptedException {
        int at = path.indexOf(CUSTOMER);
        String id = at < 0 ? "" : path.substring(at + CUSTOMER.length()).split("/", 2)[0];
        if (opened.getCount() == 0 || !id.startsWith(marker)) {
            return;
        }
        held.add(id);
        opened.await();
    }

    @Override
    public void close() {
        open();
        super.close();
    }
}
