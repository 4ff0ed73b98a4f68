package com.omedaphonesync.observe;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.Settings;
import com.omedaphonesync.observe.StartupCheck.Finding;
import com.omedaphonesync.observe.StartupCheck.Outcome;

/**
 * {@code check}'s probes at {@code run} start-up, on a thread of their own once Camel has started (the service
 * does not wait for Omeda), logged one line each and shown by the readiness check {@code omeda/start-up-check}.
 * A 403 makes this check DOWN before the first id, without stopping the sources: each id that arrives still gets
 * the 403's own outcome (a dropped file to {@code .error/}, messages left on the queue).
 * This check is DOWN while an output or the dead-letter channel that failed the probe still cannot be written
 * (re-checked at each call, only then); Omeda or the broker unreachable at start-up is a detail and a warning,
 * since ids wait and retry on their own.
 */
public final class StartupProbe extends ReadinessCheck implements StartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(StartupProbe.class);

    private final Settings settings;
    private CamelContext camel;
    private volatile List<Finding> findings;

    public StartupProbe(Settings settings) {
        super("start-up-check");
        this.settings = settings;
    }


    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // once every route (direct:call-omeda among them) has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        camel = context;
        Thread probe = new Thread(() -> {
            List<Finding> found = StartupCheck.all(context, settings);
            List<Finding> sources = StartupCheck.sources(settings);
            found.forEach(finding -> {
                if (finding.outcome() == Outcome.OK) {
                    LOG.info("Start-up check: {}", finding.line());
                } else if (sources.contains(finding)) {
                    // no id would ever come from that source: not a passing trouble that heals itself
                    LOG.error("Start-up check: {}", finding.line());
                } else {
                    LOG.warn("Start-up check: {}", finding.line());
                }
            });
            findings = found;
        }, "omeda-start-up-check");
        probe.setDaemon(true);
        probe.start();
    }

    /** What the probe found; null while it runs. */
    public List<Finding> findings() {
        return findings;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<Finding> found = findings;
        if (found == null) {
            builder.detail("status", "running").up();
            return;
        }
        found.forEach(f -> builder.detail(f.what(), f.outcome() + ": " + f.detail()));
        boolean writesFailed = found.stream().anyMatch(f -> f.outcome() != Outcome.OK && !f.what().equals("Omeda")
                && !f.what().startsWith("broker"));
        List<Finding> stillFailing = writesFailed ? StartupCheck.outputs(camel, settings.outputs()).stream()
                .filter(f -> f.outcome() != Outcome.OK).toList() : List.of();
        List<Finding> rejected = found.stream().filter(f -> f.outcome() == Outcome.APP_ID_REJECTED).toList();
        if (!rejected.isEmpty()) {
            builder.down().message(rejected.get(0).line());
        } else if (stillFailing.isEmpty()) {
            builder.up();
        } else {
            builder.down().message(stillFailing.size() + (stillFailing.size() == 1 ? " output cannot" : " outputs cannot")
                    + " be written (which and why: the FAILED entries of the details)");
        }
    }
}
