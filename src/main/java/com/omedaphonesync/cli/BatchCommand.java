package com.omedaphonesync.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.pipeline.UnfinishedException;
import com.omedaphonesync.sources.IdCount;

/** {@code batch FILE...}: every id of the files through the pipeline once, a summary, an exit code. */
final class BatchCommand {
    /** How long a signal waits for the summary and the report once the app has stopped. */
    private static final Duration REPORT_AFTER_SIGNAL = Duration.ofSeconds(30);

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
        List<Unit> units = files.stream().map(file -> new Unit(file, app -> app.enrich(file))).toList();
        return run("batch", units, properties, lineCount(files));
    }

    /** One input of a run: a file of ids, or a replayed dead-letter file. */
    record Unit(Path file, Function<PhoneSyncApp, Summary> enrich) {
    }

    /**
     * Runs the units one after another on one app started without sources, prints the combined summary and
     * files its report; the exit code of SPEC.md section 2.
     */
    int run(String name, List<Unit> units, Properties properties, long expectedIds) {
        PhoneSyncApp app = new PhoneSyncApp(Settings.from(properties), properties, PhoneSyncApp.Mode.BATCH);
        CountDownLatch reported = new CountDownLatch(1);
        Thread onSignal = onSignal(app, reported);
        try {
            return run(name, units, app, expectedIds);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the report is written
            }
        }
    }

    /**
     * SIGTERM or SIGINT: the app stops as {@code run} does (ids waiting on the open circuit or a retry are held at
     * once, no id is read any more), and the JVM waits for the summary and the report before it exits.
     */
    private Thread onSignal(PhoneSyncApp app, CountDownLatch reported) {
        Thread hook = new Thread(() -> {
            err.println("omeda-phone-sync: stopping on a signal: the ids not looked up yet are held; run the same"
                    + " command again to resume");
            stop(app);
            try {
                reported.await(REPORT_AFTER_SIGNAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "omeda-batch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private int run(String name, List<Unit> units, PhoneSyncApp app, long expectedIds) {
        try {
            app.start();
        } catch (Exception e) {
            if (OmedaPhoneSync.configError(e) != null) {
                throw OmedaPhoneSync.configError(e);
            }
            err.println("omeda-phone-sync: cannot start: " + e.getMessage());
            stop(app);
            return ExitCode.FAILED;
        }
        Instant started = Instant.now();
        List<Summary> summaries = new ArrayList<>();
        int exit = ExitCode.OK;
        try (Progress progress = Progress.start(app.totals(), app.circuit(), expectedIds)) {
            for (Unit unit : units) {
                try {
                    summaries.add(unit.enrich().apply(app));
                } catch (UnfinishedException unfinished) {
                    if (unfinished.summary() != null) {
                        summaries.add(unfinished.summary());
                    }
                    if (unfinished.getCause() instanceof AppIdRejectedException) {
                        // Omeda's own words were logged once when it answered
                        err.println("omeda-phone-sync: Omeda rejected the app id (HTTP 403); no further ids were"
                                + " looked up and none was dead-lettered. Check omeda.app-id.");
                        exit = ExitCode.APP_ID_REJECTED;
                        break;
                    }
                    err.println("omeda-phone-sync: " + unit.file().getFileName() + " was not finished: "
                            + unfinished.getMessage());
                    exit = ExitCode.FAILED;
                }
            }
        } finally {
            stop(app);
        }
        Summary total = Summary.combine(name, units.stream().map(u -> u.file().toAbsolutePath().toString()).toList(),
                summaries, started, Instant.now());
        out.println(total.describe());
        Path report = app.reports().write(total);
        if (report != null) {
            out.println("Report: " + report);
        }
        if (app.circuit().gaveUp()) {
            err.println("omeda-phone-sync: gave up waiting for Omeda: its circuit stayed open for more than "
                    + app.circuit().giveUpAfter().toSeconds() + " s (omeda.batch.give-up-after-ms); the ids not "
                    + "looked up are held: run the same command again to resume once Omeda is back");
            exit = ExitCode.FAILED;
        }
        if (app.gate().isRejected()) {
            exit = ExitCode.APP_ID_REJECTED;
        } else if (exit == ExitCode.OK && total.hasUnexpectedDeadLetters()) {
            exit = ExitCode.FAILED;
        }
        return exit;
    }

    /** About how many ids the files hold, for the progress lines. */
    static long lineCount(List<Path> files) {
        return files.stream().mapToLong(IdCount::lines).sum();
    }

    private void stop(PhoneSyncApp app) {
        try {
            app.stop();
        } catch (Exception e) {
            err.println("omeda-phone-sync: error while stopping: " + e.getMessage());
        }
    }
}
