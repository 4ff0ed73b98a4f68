package com.omedaphonesync.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.lookup.OmedaCircuit;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.records.Reason;

/**
 * The product's own meters, next to Camel's, at {@code /observe/metrics}: ids by outcome and reason, records
 * written, duplicates skipped, whether Omeda has rejected the app id, and the circuit breaker's state. No tag
 * ever carries a configuration value.
 */
public final class Metrics {
    private Metrics() {
    }

    public static void bind(MeterRegistry registry, Totals totals, AppIdGate gate, OmedaCircuit circuit) {
        FunctionCounter.builder("omeda.ids", totals, Totals::enriched)
                .description("Ids that reached an outcome").tag("outcome", "enriched").tag("reason", "none")
                .register(registry);
        for (Reason reason : Reason.values()) {
            FunctionCounter.builder("omeda.ids", totals, t -> t.deadLettered(reason))
                    .description("Ids that reached an outcome").tag("outcome", "dead_lettered")
                    .tag("reason", reason.name()).register(registry);
        }
        FunctionCounter.builder("omeda.records", totals, Totals::records)
                .description("Phone records written to every output").register(registry);
        FunctionCounter.builder("omeda.duplicates", totals, Totals::duplicates)
                .description("Ids skipped as repeats within their file or message").register(registry);
        Gauge.builder("omeda.app.id.rejected", gate, g -> g.isRejected() ? 1 : 0)
                .description("1 once Omeda has answered 403 to the app id").register(registry);
        Gauge.builder("omeda.circuit.open", circuit, c -> c.isOpen() ? 1 : 0)
                .description("1 while calls to Omeda are held back after consecutive failures").register(registry);
        FunctionCounter.builder("omeda.circuit.openings", circuit, OmedaCircuit::openings)
                .description("Times the circuit opened after consecutive failures").register(registry);
        FunctionCounter.builder("omeda.circuit.probes", circuit, OmedaCircuit::probes)
                .description("Single calls let through to see whether Omeda is back").register(registry);
    }
}
