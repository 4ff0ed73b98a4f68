package com.omedaphonesync.lookup;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Closes for good once Omeda rejects the app id (403): no lookup starts after that, the sources stop and
 * health reports DOWN, until the service is restarted with a corrected app id.
 */
public final class AppIdGate {
    private volatile String rejection;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public boolean isRejected() {
        return rejection != null;
    }

    /** Why it closed, for health and logs; null while open. */
    public String rejection() {
        return rejection;
    }

    /** Runs {@code listener} once, on the thread that first closes the gate. */
    public void onRejection(Consumer<String> listener) {
        listeners.add(listener);
    }

    void reject(String detail) {
        synchronized (this) {
            if (rejection != null) {
                return;
            }
            rejection = detail;
        }
        listeners.forEach(listener -> listener.accept(detail));
    }

    /** @throws AppIdRejectedException once the gate is closed */
    void checkOpen() {
        String detail = rejection;
        if (detail != null) {
            throw new AppIdRejectedException("held: Omeda rejected the app id earlier (" + detail + ")");
        }
    }
}
