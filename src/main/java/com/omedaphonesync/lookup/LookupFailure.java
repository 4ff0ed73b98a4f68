package com.omedaphonesync.lookup;

import java.util.List;

import com.omedaphonesync.records.Reason;

/** The lookup of one id ended without phones and will not be retried: the id goes to the dead-letter channel. */
public class LookupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final Integer httpStatus;
    private final transient List<String> errors;
    private final String submissionId;
    private final int attempts;

    public LookupFailure(Reason reason, Integer httpStatus, List<String> errors, String submissionId, int attempts,
            String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.errors = errors;
        this.submissionId = submissionId;
        this.attempts = attempts;
    }

    public static LookupFailure invalidId(String detail) {
        return new LookupFailure(Reason.INVALID_ID, null, null, null, 0, detail);
    }

    public Reason reason() {
        return reason;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    /** Omeda's {@code Errors[].Error} texts; null when Omeda gave no answer. */
    public List<String> errors() {
        return errors;
    }

    public String submissionId() {
        return submissionId;
    }

    public int attempts() {
        return attempts;
    }
}
