package com.omedaphonesync.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.lookup.OmedaCircuit;
import com.omedaphonesync.pipeline.Totals;

/**
 * A line every few seconds while a batch or a replay works: ids done of about how many, and how fast, or, while
 * the circuit is open, that lookups wait for Omeda (a rate then would only read "0 ids/s").
 */
final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static Progress start(Totals totals, OmedaCircuit circuit, long expected) {
        Instant started = Instant.now();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "batch-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            long done = totals.outcomes() + totals.duplicates();
            double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
            LOG.info("{}", line(done, expected, done / seconds, circuit.isOpen()));
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return new Progress(timer);
    }

    static String line(long done, long expected, double idsPerSecond, boolean circuitOpen) {
        return circuitOpen
                ? String.format(Locale.ROOT, "Progress: %d of about %d ids done; Omeda keeps failing, the circuit is "
                        + "open: lookups wait until a probe call succeeds", done, expected)
                : String.format(Locale.ROOT, "Progress: %d of about %d ids done (%d ids/s)", done, expected,
                        Math.round(idsPerSecond));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
