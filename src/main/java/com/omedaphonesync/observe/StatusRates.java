package com.omedaphonesync.observe;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import org.apache.camel.support.service.ServiceSupport;

import com.omedaphonesync.lookup.OmedaCalls;
import com.omedaphonesync.pipeline.Tally;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.records.Reason;

/**
 * Rates for the status page, from the running counts sampled every {@link #EVERY_MS} over the last minute:
 * calls to Omeda per second and their answer times (p50, p95), queue messages and ids per minute, each file's
 * ids per second, and when records and dead letters were last written (to within a sample). Sampling reads
 * counters only; nothing is added to the path of an id.
 */
public final class StatusRates extends ServiceSupport {
    static final long EVERY_MS = 5_000;
    /** Samples kept: a minute's worth, and the one before it. */
    private static final int KEPT = 13;

    private final Totals totals;
    private final OmedaCalls calls;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long lastRecordsWrite;
    private long lastDeadLetterWrite;
    private ScheduledExecutorService timer;

    /** The counts at one moment; {@code done} holds the ids done of each unit being read then. */
    private record Sample(long atMillis, long calls, long[] answerBuckets, long queueMessages, long queueIds,
            long records, long deadLetters, Map<Tally, Long> done) {
    }

    /** Rates over the window, null where there is nothing to measure yet. */
    record Rates(Double callsPerSecond, Double answerP50Millis, Double answerP95Millis, Double queueMessagesPerMinute,
            Double queueIdsPerMinute, Long lastRecordsWrite, Long lastDeadLetterWrite) {
    }

    public StatusRates(Totals totals, OmedaCalls calls) {
        this.totals = totals;
        this.calls = calls;
    }

    synchronized void sample() {
        long now = System.currentTimeMillis();
        Map<Tally, Long> done = new IdentityHashMap<>();
        for (Tally tally : totals.inProgress()) {
            done.put(tally, StatusReport.idsDone(tally.summary()));
        }
        Sample sample = new Sample(now, calls.calls(), buckets(calls.answerTime()), totals.finishedUnits("queue")
                + totals.failedUnits("queue"), queueIds(), totals.records(), totals.deadLettered(), done);
        Sample previous = samples.peekLast();
        if (previous != null && sample.records() != previous.records()) {
            lastRecordsWrite = now;
        }
        if (previous != null && sample.deadLetters() != previous.deadLetters()) {
            lastDeadLetterWrite = now;
        }
        samples.addLast(sample);
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    private long queueIds() {
        long ids = totals.enriched("queue") + totals.duplicates("queue");
        for (Reason reason : Reason.values()) {
            ids += totals.deadLettered("queue", reason);
        }
        return ids;
    }

    synchronized Rates rates() {
        if (samples.size() < 2) {
            return new Rates(null, null, null, null, null, lastRecordsWrite == 0 ? null : lastRecordsWrite,
                    lastDeadLetterWrite == 0 ? null : lastDeadLetterWrite);
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        long[] answered = new long[last.answerBuckets().length];
        for (int i = 0; i < answered.length; i++) {
            // before metrics were bound, nothing was timed
            answered[i] = last.answerBuckets()[i] - (i < first.answerBuckets().length ? first.answerBuckets()[i] : 0);
        }
        return new Rates((last.calls() - first.calls()) / seconds, percentileMillis(answered, 0.5),
                percentileMillis(answered, 0.95), (last.queueMessages() - first.queueMessages()) * 60 / seconds,
                (last.queueIds() - first.queueIds()) * 60 / seconds, lastRecordsWrite == 0 ? null : lastRecordsWrite,
                lastDeadLetterWrite == 0 ? null : lastDeadLetterWrite);
    }

    /** Ids per second of the unit over the window, or null when it was not sampled twice yet. */
    synchronized Double idsPerSecond(Tally tally, long doneNow) {
        for (Sample sample : samples) {
            Long then = sample.done().get(tally);
            if (then != null) {
                double seconds = (System.currentTimeMillis() - sample.atMillis()) / 1000.0;
                return seconds < 1 ? null : (doneNow - then) / seconds;
            }
        }
        return null;
    }

    /** The timer's cumulative count at each bucket bound; empty without metrics. */
    private static long[] buckets(Timer timer) {
        if (timer == null) {
            return new long[0];
        }
        CountAtBucket[] counts = timer.takeSnapshot().histogramCounts();
        long[] cumulative = new long[counts.length + 1];
        for (int i = 0; i < counts.length; i++) {
            cumulative[i] = (long) counts[i].count();
        }
        cumulative[counts.length] = timer.count();
        return cumulative;
    }

    /**
     * As Prometheus's {@code histogram_quantile}: the bucket holding the quantile, interpolated linearly within
     * it; the highest finite bound when it lies beyond. Null when no call was answered in the window.
     */
    static Double percentileMillis(long[] cumulative, double quantile) {
        if (cumulative.length == 0 || cumulative[cumulative.length - 1] <= 0) {
            return null;
        }
        double rank = quantile * cumulative[cumulative.length - 1];
        for (int i = 0; i < OmedaCalls.BUCKETS.length && i < cumulative.length; i++) {
            if (cumulative[i] >= rank) {
                double lower = i == 0 ? 0 : OmedaCalls.BUCKETS[i - 1].toNanos() / 1e6;
                double upper = OmedaCalls.BUCKETS[i].toNanos() / 1e6;
                long below = i == 0 ? 0 : cumulative[i - 1];
                long inBucket = cumulative[i] - below;
                return inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
            }
        }
        return OmedaCalls.BUCKETS[OmedaCalls.BUCKETS.length - 1].toNanos() / 1e6;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "omeda-status-rates");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::sample, 0, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
