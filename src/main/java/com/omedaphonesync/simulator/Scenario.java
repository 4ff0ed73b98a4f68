package com.omedaphonesync.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ids whose prefix asks the simulator for one particular answer, so that every outcome can be produced on
 * purpose: {@code NOTFOUND7} is unknown, {@code HTTP503x} always answers 503, {@code FLAKY2a} answers 503
 * twice and then its phones.
 */
enum Scenario {
    NOT_FOUND("NOTFOUND"),
    STATUS("HTTP"),
    SLOW("SLOW"),
    DROP("DROP"),
    MALFORMED("MALFORMED"),
    NO_ARRAY("NOARRAY"),
    EMPTY("EMPTY"),
    FLAKY("FLAKY"),
    THROTTLED("THROTTLED"),
    NONE("");

    private static final Pattern STATUS_ID = Pattern.compile("HTTP([1-5]\\d\\d).*");
    private static final Pattern COUNTED_ID = Pattern.compile("(?:FLAKY|THROTTLED)(\\d).*");

    private final String prefix;

    Scenario(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    static Scenario of(String customerId) {
        for (Scenario scenario : values()) {
            if (scenario != NONE && customerId.startsWith(scenario.prefix)) {
                return scenario;
            }
        }
        return NONE;
    }

    /** For {@code HTTPnnn…} ids: the status to answer. */
    static int status(String customerId) {
        Matcher m = STATUS_ID.matcher(customerId);
        return m.matches() ? Integer.parseInt(m.group(1)) : 200;
    }

    /** For {@code FLAKYn…} and {@code THROTTLEDn…} ids: how many requests fail before one succeeds. */
    static int failures(String customerId) {
        Matcher m = COUNTED_ID.matcher(customerId);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
}
