package com.omedaphonesync.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of the group {@code omeda} that speaks for readiness only: what it reports (Omeda rejecting the app id,
 * an output down, a source failing) is not cured by restarting the service, so an orchestrator must not do so.
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
