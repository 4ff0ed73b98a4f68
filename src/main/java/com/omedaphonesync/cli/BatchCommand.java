package com.omedaphonesync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.pipeline.UnfinishedException;

/** {@code batch FILE...}: every id of the files through the pipeline once, a summary, an exit code. */
final class BatchCommand {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommand.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final PrintStream out;
    private final PrintStream err;

    BatchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(List<String> names, Properties properties, Path workDir) {
        if (names.isEmpty()) {
            err.println("omeda-phone-sync: batch needs at least one file of ids");
            return ExitCode.USAGE;
        }
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path file = workDir.resolve(name);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                err.println("omeda-phone-sync: cannot read the ids file " + name);
                return ExitCode.USAGE;
            }
            files.add(file);
        }
        PhoneSyncApp app = new PhoneSyncApp(Settings.from(properties), properties, PhoneSyncApp.Mode.BATCH);
        try {
            app.start();
        } catch (Exception e) {
            if (OmedaPhoneSync.configError(e) != null) {
                throw OmedaPhoneSync.configError(e);
            }
            err.println("omeda-phone-sync: cannot start: " + e.getMessage());
            return ExitCode.FAILED;
        }
        Instant started = Instant.now();
        ScheduledExecutorService progress = progressLog(app.totals(), lineCount(files), started);
        List<Summary> summaries = new ArrayList<>();
        int exit = ExitCode.OK;
        try {
            for (Path file : files) {
                try {
                    summaries.add(app.enrich(file));
                } catch (UnfinishedException unfinished) {
                    if (unfinished.summary() != null) {
                        summaries.add(unfinished.summary());
                    }
                    if (unfinished.getCause() instanceof AppIdRejectedException) {
                        err.println("omeda-phone-sync: Omeda rejected the app id (HTTP 403); no further ids were"
                                + " looked up and none was dead-lettered. Check omeda.app-id.");
                        exit = ExitCode.APP_ID_REJECTED;
                        break;
                    }
                    err.println("omeda-phone-sync: " + file.getFileName() + " was not finished: "
                            + unfinished.getMessage());
                    exit = ExitCode.FAILED;
                }
            }
        } finally {
            progress.shutdownNow();
            stop(app);
        }
        Summary batch = Summary.combine("batch", files.stream().map(f -> f.toAbsolutePath().toString()).toList(),
                summaries, started, Instant.now());
        out.println(batch.describe());
        Path report = app.reports().write(batch);
        if (report != null) {
            out.println("Report: " + report);
        }
        if (app.gate().isRejected()) {
            exit = ExitCode.APP_ID_REJECTED;
        } else if (exit == ExitCode.OK && batch.hasUnexpectedDeadLetters()) {
            exit = ExitCode.FAILED;
        }
        return exit;
    }

    private ScheduledExecutorService progressLog(Totals totals, long lines, Instant started) {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "batch-progress");
            thread.setDaemon(true);
            return thread;
        });
        progress.scheduleAtFixedRate(() -> {
            long done = totals.outcomes() + totals.duplicates();
            double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
            LOG.info("Progress: {} of about {} ids done ({} ids/s)", done, lines, Math.round(done / seconds));
        }, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return progress;
    }

    /** Lines in the files (a last line without its line break counts too): an upper bound of their ids. */
    static long lineCount(List<Path> files) {
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                byte last = '\n';
                for (int n; (n = in.read(buffer)) > 0;) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                    last = buffer[n - 1];
                }
                if (last != '\n') {
                    lines++;
                }
            } catch (IOException e) {
                // the batch itself reports an unreadable file
            }
        }
        return lines;
    }

    private void stop(PhoneSyncApp app) {
        try {
            app.stop();
        } catch (Exception e) {
            err.println("omeda-phone-sync: error while stopping: " + e.getMessage());
        }
    }
}
