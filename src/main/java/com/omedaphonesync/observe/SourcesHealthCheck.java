package com.omedaphonesync.observe;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.health.HealthCheckResultBuilder;

import com.omedaphonesync.pipeline.Totals;

/**
 * When each source last finished a file, message or firing, and DOWN while a source's most recent one failed,
 * e.g. a scheduled refresh whose ids file is missing, until one of that source succeeds. A readiness check only:
 * restarting would not bring the file back.
 */
public final class SourcesHealthCheck extends ReadinessCheck {
    private final Totals totals;

    public SourcesHealthCheck(Totals totals) {
        super("sources");
        this.totals = totals;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Totals.SourceState> sources = totals.sources();
        sources.forEach((source, state) -> {
            builder.detail(source + ".lastSuccess", state.lastSuccess() == null ? "never" : state.lastSuccess());
            if (state.lastFailure() != null) {
                builder.detail(source + ".lastFailure", state.lastFailure())
                        .detail(source + ".lastFailureReason", state.lastFailureReason());
            }
        });
        String failing = sources.entrySet().stream().filter(e -> e.getValue().failing())
                .map(e -> e.getKey() + " (" + e.getValue().lastFailureReason() + ")")
                .collect(Collectors.joining("; "));
        if (failing.isEmpty()) {
            builder.up();
        } else {
            builder.down().message("the last run of these sources failed: " + failing);
        }
    }
}
