package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * {@link OmedaCircuit#openSince()}, behind {@code omeda_circuit_open_since_seconds} and the alert
 * OmedaCircuitOpenLong: set when the circuit opens from closed, kept through its probes (half open, open again),
 * cleared when it closes.
 */
class CircuitOpenSinceTest {
    @Test
    void keptThroughProbesUntilTheCircuitCloses() {
        OmedaCircuit circuit = new OmedaCircuit(3, Duration.ofSeconds(10));
        assertThat(circuit.openSince()).isZero();

        long before = System.currentTimeMillis();
        circuit.breaker().transitionToOpenState();
        long opened = circuit.openSince();
        assertThat(opened).isBetween(before, System.currentTimeMillis());

        circuit.breaker().transitionToHalfOpenState();
        assertThat(circuit.openSince()).as("a probe under way").isEqualTo(opened);
        circuit.breaker().transitionToOpenState();
        assertThat(circuit.openSince()).as("the probe failed: still the first opening").isEqualTo(opened);

        circuit.breaker().transitionToHalfOpenState();
        circuit.breaker().transitionToClosedState();
        assertThat(circuit.openSince()).isZero();
    }
}
