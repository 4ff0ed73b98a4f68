package com.omedaphonesync.lookup;

import java.time.Duration;
import java.util.List;

import com.omedaphonesync.records.Reason;

/** A 429 or a 5xx: another attempt may get phones. Dead-lettered only once the attempts are spent. */
public final class RetryableFailure extends LookupFailure {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public RetryableFailure(Reason reason, Integer httpStatus, List<String> errors, String submissionId,
            Duration retryAfter, String detail) {
        super(reason, httpStatus, errors, submissionId, detail);
        this.retryAfter = retryAfter;
    }

    /** Omeda's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
