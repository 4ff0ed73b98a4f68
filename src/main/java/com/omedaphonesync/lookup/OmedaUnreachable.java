package com.omedaphonesync.lookup;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * No answer from Omeda: a timeout, a refused or reset connection, an unknown host, a TLS failure, no pooled
 * connection in time. Raised inside HttpClient for calls to Omeda only (see {@link OmedaHttpComponent}), so that
 * the retry policy tells them from an output's I/O failure, which holds the id instead.
 */
public final class OmedaUnreachable extends IOException {
    private static final long serialVersionUID = 1L;

    OmedaUnreachable(IOException cause) {
        super(kind(cause) + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", cause);
    }

    private static String kind(IOException cause) {
        return cause instanceof SocketTimeoutException ? "timed out"
                : cause instanceof ConnectException ? "connection refused"
                : cause instanceof UnknownHostException ? "unknown host"
                : "connection failed";
    }
}
