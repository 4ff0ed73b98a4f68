package com.omedaphonesync.records;

/** Why an id was dead-lettered (SPEC.md section 5), or a queue message that could not be processed. */
public enum Reason {
    NOT_FOUND(true),
    INVALID_ID(true),
    BAD_REQUEST(false),
    BAD_RESPONSE(false),
    RATE_LIMITED(false),
    SERVER_ERROR(false),
    UNREACHABLE(false),
    /** A queue message as a whole: too big, or its body failed every delivery (no id could be read from it). */
    UNPROCESSABLE_MESSAGE(false);

    private final boolean expected;

    Reason(boolean expected) {
        this.expected = expected;
    }

    /** Whether a batch may still exit 0 with such dead letters: the input, not the run, was at fault. */
    public boolean isExpected() {
        return expected;
    }
}
