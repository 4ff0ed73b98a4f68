package com.omedaphonesync.observe;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.health.HealthCheckResultBuilder;

import com.omedaphonesync.pipeline.Totals;

/**
 * When each source last finished a file, message or firing, and DOWN while a source's most recent one failed,
 * e.g. a scheduled refresh whose ids file is missing, until one of that source succeeds; DOWN too while the drop
 * folder cannot be created, read or written (re-checked at each call), since no file would ever be picked up.
 * A readiness check only: restarting would not bring the file back.
 */
public final class SourcesHealthCheck extends ReadinessCheck {
    private final Totals totals;
    /** The drop folder when the file source is on, else null. */
    private final Path dropFolder;

    public SourcesHealthCheck(Totals totals, Path dropFolder) {
        super("sources");
        this.totals = totals;
        this.dropFolder = dropFolder;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, Totals.SourceState> sources = totals.sources();
        sources.forEach((source, state) -> {
            // ISO-8601 text: Camel's health endpoint writes details with a plain JSON writer that knows no Instant
            builder.detail(source + ".lastSuccess", state.lastSuccess() == null ? "never"
                    : state.lastSuccess().toString());
            if (state.lastFailure() != null) {
                builder.detail(source + ".lastFailure", state.lastFailure().toString())
                        .detail(source + ".lastFailureReason", state.lastFailureReason());
            }
        });
        String failing = sources.entrySet().stream().filter(e -> e.getValue().failing())
                .map(e -> e.getKey() + " (why: " + e.getKey() + ".lastFailureReason in the details)")
                .collect(Collectors.joining("; "));
        StartupCheck.Finding drop = dropFolder == null ? null : StartupCheck.dropFolder(dropFolder);
        if (drop != null && drop.outcome() != StartupCheck.Outcome.OK) {
            builder.detail("file.dropFolder", drop.line());
            builder.down().message("the drop folder cannot be used, no file is picked up (why: file.dropFolder in "
                    + "the details)" + (failing.isEmpty() ? "" : "; the last run of these sources failed: " + failing));
        } else if (failing.isEmpty()) {
            builder.up();
        } else {
            builder.down().message("the last run of these sources failed: " + failing);
        }
    }
}
