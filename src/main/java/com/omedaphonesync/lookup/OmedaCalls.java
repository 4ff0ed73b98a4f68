package com.omedaphonesync.lookup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every HTTP call to Omeda as HttpClient made it (probes and retries included): how many got which status, how
 * many got no answer, and how long the answers took. Counted inside HttpClient, so that it holds whatever calls
 * Omeda; per call only a counter increment and, once metrics are on, one record into a timer with fixed
 * buckets, neither of which allocates or locks.
 */
public final class OmedaCalls {
    /** The statuses metrics and the status page name one by one; any other counts as {@code other}. */
    public static final int[] NAMED_STATUSES = { 200, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504 };
    /** Upper bounds of the answer-time buckets, from a fast answer to the longest response timeout worth a bucket. */
    public static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofSeconds(30) };

    private final LongAdder[] byStatus = new LongAdder[600];
    private final LongAdder unanswered = new LongAdder();
    private volatile Timer answerTime;
    private volatile long lastErrorAt;
    private volatile int lastErrorStatus;
    private volatile String lastNoAnswer;

    public OmedaCalls() {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new LongAdder();
        }
    }

    /** The timer of answer times, {@code omeda.answer} in seconds; calls before this are counted, not timed. */
    public void bind(MeterRegistry registry) {
        answerTime = Timer.builder("omeda.answer")
                .description("How long Omeda took to answer a call (to its status line), by calls answered")
                .serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** The timer bound by {@link #bind}, or null before. */
    public Timer answerTime() {
        return answerTime;
    }

    void answered(int status, long nanos) {
        byStatus[status >= 0 && status < byStatus.length ? status : 0].increment();
        Timer timer = answerTime;
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (status >= 400 && status != 404) {
            lastErrorStatus = status;
            lastErrorAt = System.currentTimeMillis();
        }
    }

    void unanswered(Exception why) {
        unanswered.increment();
        lastNoAnswer = why.getClass().getSimpleName() + ": " + why.getMessage();
        lastErrorStatus = 0;
        lastErrorAt = System.currentTimeMillis();
    }

    public long answers(int status) {
        return byStatus[status].sum();
    }

    /** Answers with a status not in {@link #NAMED_STATUSES}. */
    public long otherAnswers() {
        long sum = 0;
        for (int status = 0; status < byStatus.length; status++) {
            if (!named(status)) {
                sum += byStatus[status].sum();
            }
        }
        return sum;
    }

    /** Calls that got no answer: refused, reset, timed out. */
    public long unanswered() {
        return unanswered.sum();
    }

    /** Every call, answered or not. */
    public long calls() {
        long sum = unanswered.sum();
        for (LongAdder count : byStatus) {
            sum += count.sum();
        }
        return sum;
    }

    /**
     * The last call that failed (a status of 400 or more but 404, or no answer): when (Unix milliseconds, 0 for
     * never), its status (0 for no answer) and, for no answer, why.
     */
    public LastError lastError() {
        long at = lastErrorAt;
        int status = lastErrorStatus;
        return at == 0 ? null : new LastError(at, status, status == 0 ? lastNoAnswer : "HTTP " + status);
    }

    public record LastError(long atMillis, int status, String what) {
    }

    private static boolean named(int status) {
        for (int named : NAMED_STATUSES) {
            if (named == status) {
                return true;
            }
        }
        return false;
    }
}
