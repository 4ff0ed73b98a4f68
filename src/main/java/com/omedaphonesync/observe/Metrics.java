package com.omedaphonesync.observe;

import java.time.Instant;
import java.util.Set;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

import com.omedaphonesync.lookup.AppIdGate;
import com.omedaphonesync.lookup.OmedaCalls;
import com.omedaphonesync.lookup.OmedaCircuit;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.records.Reason;

/**
 * The product's own meters, next to Camel's, at {@code /observe/metrics}: ids by outcome, reason and source, ids
 * held, failed writes and whether the outputs or the dead-letter channel are down, which sources are enabled,
 * when each last finished and last failed, files being read, records written, duplicates skipped, whether Omeda
 * has rejected the app id, the circuit breaker's state, Omeda's answers by status and their times, and when the
 * process started. No tag ever carries a configuration value. The monitoring rules and the Grafana dashboard
 * under {@code monitoring/} are written against these names.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * @param enabledSources the kinds of {@link Totals#SOURCES} that are configured on
     */
    public static void bind(MeterRegistry registry, Totals totals, AppIdGate gate, OmedaCircuit circuit,
            OmedaCalls calls, Set<String> enabledSources) {
        for (String source : Totals.SOURCES) {
            Gauge.builder("omeda.source.enabled", () -> enabledSources.contains(source) ? 1 : 0)
                    .description("1 when the source is configured on (in a cluster, the drop folder and the schedule "
                            + "run on the leader only)").tag("source", source).register(registry);
            FunctionCounter.builder("omeda.ids", totals, t -> t.enriched(source))
                    .description("Ids that reached an outcome").tag("outcome", "enriched").tag("reason", "none")
                    .tag("source", source).register(registry);
            for (Reason reason : Reason.values()) {
                FunctionCounter.builder("omeda.ids", totals, t -> t.deadLettered(source, reason))
                        .description("Ids that reached an outcome").tag("outcome", "dead_lettered")
                        .tag("reason", reason.name()).tag("source", source).register(registry);
            }
            FunctionCounter.builder("omeda.held", totals, t -> t.held(source))
                    .description("Ids held without an outcome (an output or the dead-letter channel down, a 403, "
                            + "shutdown); an id held again at its next try counts again")
                    .tag("source", source).register(registry);
            Gauge.builder("omeda.source.last.success", totals, t -> epochSeconds(t.sources().get(source), true))
                    .description("When the source's last file, message or firing finished every id (Unix time; "
                            + "0 before any)").baseUnit("seconds").tag("source", source).register(registry);
            Gauge.builder("omeda.source.last.failure", totals, t -> epochSeconds(t.sources().get(source), false))
                    .description("When the source's last file, message or firing could not be finished or read "
                            + "(Unix time; 0 before any)").baseUnit("seconds").tag("source", source)
                    .register(registry);
            Gauge.builder("omeda.source.failing", totals, t -> {
                Totals.SourceState state = t.sources().get(source);
                return state != null && state.failing() ? 1 : 0;
            }).description("1 while the source's most recent file, message or firing failed").tag("source", source)
                    .register(registry);
        }
        Gauge.builder("omeda.files.in.progress", totals, Totals::filesInProgress)
                .description("Files of the drop folder being read now").register(registry);
        FunctionCounter.builder("omeda.records", totals, Totals::records)
                .description("Phone records written to every output").register(registry);
        FunctionCounter.builder("omeda.duplicates", totals, Totals::duplicates)
                .description("Ids skipped as repeats within their file or message").register(registry);
        FunctionCounter.builder("omeda.write.failures", totals, Totals::outputFailures)
                .description("Failed writes that held an id").tag("channel", "outputs").register(registry);
        FunctionCounter.builder("omeda.write.failures", totals, Totals::deadLetterFailures)
                .description("Failed writes that held an id").tag("channel", "dead_letter").register(registry);
        Gauge.builder("omeda.channel.down", totals, t -> t.outputsDown() ? 1 : 0)
                .description("1 while the last write failed: ids are being held").tag("channel", "outputs")
                .register(registry);
        Gauge.builder("omeda.channel.down", totals, t -> t.deadLetterChannelDown() ? 1 : 0)
                .description("1 while the last write failed: ids are being held").tag("channel", "dead_letter")
                .register(registry);
        Gauge.builder("omeda.app.id.rejected", gate, g -> g.isRejected() ? 1 : 0)
                .description("1 once Omeda has answered 403 to the app id").register(registry);
        Gauge.builder("omeda.circuit.open", circuit, c -> c.isOpen() ? 1 : 0)
                .description("1 while calls to Omeda are held back after consecutive failures").register(registry);
        FunctionCounter.builder("omeda.circuit.openings", circuit, OmedaCircuit::openings)
                .description("Times the circuit opened after consecutive failures").register(registry);
        FunctionCounter.builder("omeda.circuit.probes", circuit, OmedaCircuit::probes)
                .description("Single calls let through to see whether Omeda is back").register(registry);
        Gauge.builder("omeda.circuit.open.since", circuit, c -> c.openSince() / 1000.0)
                .description("When the circuit opened, kept through its probes until it closes (Unix time; 0 while "
                        + "closed)").baseUnit("seconds").register(registry);
        for (int status : OmedaCalls.NAMED_STATUSES) {
            FunctionCounter.builder("omeda.answers", calls, c -> c.answers(status))
                    .description("Calls to Omeda by the status of its answer (none: no answer)")
                    .tag("status", String.valueOf(status)).register(registry);
        }
        FunctionCounter.builder("omeda.answers", calls, OmedaCalls::otherAnswers)
                .description("Calls to Omeda by the status of its answer (none: no answer)").tag("status", "other")
                .register(registry);
        FunctionCounter.builder("omeda.answers", calls, OmedaCalls::unanswered)
                .description("Calls to Omeda by the status of its answer (none: no answer)").tag("status", "none")
                .register(registry);
        calls.bind(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static double epochSeconds(Totals.SourceState state, boolean success) {
        if (state == null) {
            return 0;
        }
        Instant at = success ? state.lastSuccess() : state.lastFailure();
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }
}
