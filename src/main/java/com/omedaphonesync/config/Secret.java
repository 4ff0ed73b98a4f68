package com.omedaphonesync.config;

/** A credential that prints as a mask, so that no log line, dump or exception text can carry it by accident. */
public final class Secret {
    private static final String MASK = "****";
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    /** The real value, for the one place that sends it to Omeda. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return MASK;
    }
}
