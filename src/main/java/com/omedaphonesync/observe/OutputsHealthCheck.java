package com.omedaphonesync.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

import com.omedaphonesync.pipeline.Totals;

/**
 * DOWN while ids are being held because the outputs or the dead-letter channel cannot be written (their last
 * write failed, none succeeded since); UP again with the first write that succeeds. A readiness check only: the
 * service itself is fine and retries on its own (the file stays, the message rolls back), so an orchestrator
 * should not restart it, but an operator should know that nothing is being delivered.
 */
public final class OutputsHealthCheck extends ReadinessCheck {
    private final Totals totals;

    public OutputsHealthCheck(Totals totals) {
        super("outputs");
        this.totals = totals;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("held", totals.held()).detail("outputWriteFailures", totals.outputFailures())
                .detail("deadLetterWriteFailures", totals.deadLetterFailures());
        if (totals.outputsDown()) {
            builder.detail("lastOutputFailure", String.valueOf(totals.lastOutputFailure()));
            builder.down().message("ids are held: the outputs cannot be written (why: lastOutputFailure in the "
                    + "details); they are retried until a write succeeds");
        } else if (totals.deadLetterChannelDown()) {
            builder.detail("lastDeadLetterFailure", String.valueOf(totals.lastDeadLetterFailure()));
            builder.down().message("ids are held: the dead-letter channel cannot be written (why: "
                    + "lastDeadLetterFailure in the details); they are retried until a write succeeds");
        } else {
            builder.up();
        }
    }
}
