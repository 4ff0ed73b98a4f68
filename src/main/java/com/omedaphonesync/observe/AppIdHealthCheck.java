package com.omedaphonesync.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

import com.omedaphonesync.lookup.AppIdGate;

/**
 * DOWN once Omeda has rejected the app id (403): the service is alive but will not process ids until it is
 * restarted with a corrected {@code omeda.app-id}. A readiness check only, so that an orchestrator does not
 * restart it in a loop.
 */
public final class AppIdHealthCheck extends ReadinessCheck {
    private final AppIdGate gate;

    public AppIdHealthCheck(AppIdGate gate) {
        super("app-id");
        this.gate = gate;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (gate.isRejected()) {
            builder.down().message("Omeda rejected the app id: " + gate.rejection()
                    + "; sources are stopped until omeda.app-id is corrected and the service restarted");
        } else {
            builder.up();
        }
    }
}
