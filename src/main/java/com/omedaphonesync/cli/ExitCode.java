package com.omedaphonesync.cli;

/** Exit codes of SPEC.md section 2. */
final class ExitCode {
    static final int OK = 0;
    /** Some id was dead-lettered for a reason other than NOT_FOUND or INVALID_ID, or could not be finished. */
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int APP_ID_REJECTED = 3;

    private ExitCode() {
    }
}
