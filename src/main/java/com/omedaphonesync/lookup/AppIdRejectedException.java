package com.omedaphonesync.lookup;

/**
 * Omeda answered 403: the app id is wrong. The id is held, not dead-lettered; see {@link AppIdGate}.
 */
public class AppIdRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AppIdRejectedException(String message) {
        super(message, null, false, false);
    }
}
