package com.omedaphonesync.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

import com.omedaphonesync.lookup.OmedaCircuit;

/**
 * Shows the circuit breaker's state among the readiness details. Always UP: an open circuit is Omeda being
 * unwell, not this service, and ids wait rather than fail; taking the service out of rotation or restarting
 * it would not bring Omeda back sooner.
 */
public final class CircuitHealthCheck extends ReadinessCheck {
    private final OmedaCircuit circuit;

    public CircuitHealthCheck(OmedaCircuit circuit) {
        super("circuit");
        this.circuit = circuit;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state", circuit.state().name()).detail("openings", circuit.openings());
        builder.up();
    }
}
