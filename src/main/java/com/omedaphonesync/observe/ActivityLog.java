package com.omedaphonesync.observe;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.pipeline.Tally;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.sources.IdCount;

/**
 * What {@code run} is doing, in the log: a progress line for each file being read every {@link #PROGRESS_EVERY}
 * from its pick-up (as {@code batch} has), and every {@link #QUEUE_EVERY} one line for the queue when it had
 * messages since the last: messages finished and failed, ids by outcome.
 */
public final class ActivityLog extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityLog.class);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    static final Duration QUEUE_EVERY = Duration.ofMinutes(1);
    private static final String QUEUE = "queue";

    private final Totals totals;
    /** How often it looks for a progress line due: a file's lines come within this of their time. */
    private static final Duration TICK = Duration.ofSeconds(1);
    /** Lines of each file being read, counted once, the first time it needs a progress line. */
    private final Map<String, Long> aboutIds = new HashMap<>();
    /** Progress lines given so far for each file being read. */
    private final Map<Tally, Long> linesGiven = new HashMap<>();
    private QueueCounts lastQueue = new QueueCounts(0, 0, 0, 0, 0, 0);
    private ScheduledExecutorService timer;

    private record QueueCounts(long messages, long failedMessages, long enriched, long deadLettered, long held,
            long duplicates) {
        QueueCounts minus(QueueCounts earlier) {
            return new QueueCounts(messages - earlier.messages, failedMessages - earlier.failedMessages,
                    enriched - earlier.enriched, deadLettered - earlier.deadLettered, held - earlier.held,
                    duplicates - earlier.duplicates);
        }
    }

    public ActivityLog(Totals totals) {
        this.totals = totals;
    }

    /** The progress lines due now: see {@link #fileProgress(Duration, Instant)}. */
    synchronized List<String> fileProgress(Duration every) {
        return fileProgress(every, Instant.now());
    }

    /**
     * A line for each file read for another {@code every} since its last one, counted from its pick-up (the first
     * {@code every} after it), with about how many ids it holds; zero: a line for each file at every call.
     */
    synchronized List<String> fileProgress(Duration every, Instant now) {
        List<String> lines = new ArrayList<>();
        for (Tally tally : totals.inProgress()) {
            if (tally.inputs().isEmpty()) {
                continue;
            }
            long given = linesGiven.getOrDefault(tally, 0L);
            long due = every.isZero() ? given + 1
                    : Duration.between(tally.startedAt(), now).toMillis() / every.toMillis();
            if (due <= given) {
                continue;
            }
            linesGiven.put(tally, due);
            String file = tally.inputs().get(0);
            long about = aboutIds.computeIfAbsent(file, f -> IdCount.lines(Path.of(f)));
            Summary sofar = tally.summary();
            long done = sofar.duplicatesSkipped() + sofar.enriched() + sofar.deadLettered()
                    + sofar.idsSkippedOnResume();
            double seconds = Math.max(0.001, sofar.elapsedMillis() / 1000.0);
            lines.add(String.format(Locale.ROOT, "Progress: %s: %d of about %d ids done (%d ids/s)",
                    tally.source(), done, about, Math.round((done - sofar.idsSkippedOnResume()) / seconds)));
        }
        aboutIds.keySet().retainAll(totals.inProgress().stream().flatMap(t -> t.inputs().stream()).toList());
        linesGiven.keySet().retainAll(totals.inProgress());
        return lines;
    }

    /** What the queue did since the last call; null when it had no message. */
    synchronized String queueSummary(Duration over) {
        long dead = 0;
        for (Reason reason : Reason.values()) {
            dead += totals.deadLettered(QUEUE, reason);
        }
        QueueCounts now = new QueueCounts(totals.finishedUnits(QUEUE), totals.failedUnits(QUEUE),
                totals.enriched(QUEUE), dead, totals.held(QUEUE), totals.duplicates(QUEUE));
        QueueCounts since = now.minus(lastQueue);
        lastQueue = now;
        if (since.messages() == 0 && since.failedMessages() == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "Queue, last %d s: %d messages done%s; ids: %d enriched, %d dead-lettered, "
                + "%d %s skipped%s", over.toSeconds(), since.messages(),
                since.failedMessages() > 0 ? ", " + since.failedMessages() + " not finished (rolled back or "
                        + "dead-lettered)" : "",
                since.enriched(), since.deadLettered(), since.duplicates(),
                since.duplicates() == 1 ? "duplicate" : "duplicates",
                since.held() > 0 ? ", " + since.held() + " held" : "");
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "omeda-activity-log");
            thread.setDaemon(true);
            return thread;
        });
        // every PROGRESS_EVERY from each file's own pick-up, not from the service's start
        timer.scheduleAtFixedRate(() -> fileProgress(PROGRESS_EVERY).forEach(LOG::info),
                TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> {
            String line = queueSummary(QUEUE_EVERY);
            if (line != null) {
                LOG.info(line);
            }
        }, QUEUE_EVERY.toMillis(), QUEUE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
