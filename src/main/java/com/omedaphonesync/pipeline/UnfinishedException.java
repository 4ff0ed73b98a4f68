package com.omedaphonesync.pipeline;

/** A unit of ids stopped before every id had its outcome; {@link #summary()} counts what was done. */
public class UnfinishedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Summary summary;

    public UnfinishedException(Summary summary, Throwable cause) {
        super(cause.getMessage(), cause);
        this.summary = summary;
    }

    /** What was done before it stopped; null when it stopped before reading any id. */
    public Summary summary() {
        return summary;
    }
}
