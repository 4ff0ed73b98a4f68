package com.omedaphonesync.sources;

/** The ids could not be read at all (not: an id was invalid), e.g. the file vanished or is not readable. */
public class UnreadableInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
