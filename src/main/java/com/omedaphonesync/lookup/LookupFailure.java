package com.omedaphonesync.lookup;

import java.util.List;

import com.omedaphonesync.records.Reason;

/**
 * Omeda's answer means the id cannot be enriched: the id goes to the dead-letter channel, at once for a final
 * answer, after the last attempt for a {@link RetryableFailure}. The message never holds the app id: it is
 * built from the status and Omeda's error texts, which are masked (see {@link OmedaAnswers}).
 */
public class LookupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final Integer httpStatus;
    private final transient List<String> errors;
    private final String submissionId;
    private final String detail;

    public LookupFailure(Reason reason, Integer httpStatus, List<String> errors, String submissionId, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.errors = errors;
        this.submissionId = submissionId;
        this.detail = detail;
    }

    public static LookupFailure invalidId(String detail) {
        return new LookupFailure(Reason.INVALID_ID, null, null, null, detail);
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

    /** What happened, without the reason: {@code HTTP 503 [...]}. */
    public String detail() {
        return detail;
    }
}
