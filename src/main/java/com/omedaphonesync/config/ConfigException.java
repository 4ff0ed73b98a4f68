package com.omedaphonesync.config;

/** A configuration problem an operator can fix; its message names the key and says what is wrong. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
