package com.omedaphonesync.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of the group {@code omeda} that speaks for readiness only: what it reports (Omeda rejecting the app id,
 * an output down, a source failing) is not cured by restarting the service, so an orchestrator must not do so.
 *
 * <p>Its message says what is wrong in words; a text that may hold a path or a URI (an exception's, a file's
 * name) goes into its details instead, which the message names: Camel's health endpoint escapes a message for
 * JSON twice, so a path in it would read {@code \/srv\/omeda\/...}, while details are escaped once.
 */
abstract class ReadinessCheck extends AbstractHealthCheck {

    ReadinessCheck(String id) {
        super("omeda", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }
}
