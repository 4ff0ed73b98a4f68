package com.omedaphonesync.pipeline;

/** An id was not given an outcome and stays with its source (file or queue message) for a later run. */
public class HeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeldException(String message, Throwable cause) {
        super(message, cause);
    }
}
