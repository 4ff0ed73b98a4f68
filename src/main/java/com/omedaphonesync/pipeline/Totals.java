package com.omedaphonesync.pipeline;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import com.omedaphonesync.records.Reason;

/**
 * Running counts over every unit since start-up, for metrics, health and progress lines: outcomes by source
 * ({@code file}, {@code queue}, {@code timer}, {@code replay}: the part of a unit's source before its colon),
 * ids held, failed writes to the outputs and to the dead-letter channel, and how each source's last unit ended.
 */
public final class Totals {
    /** The sources metrics always show, zeros included, so that a dashboard sees them before the first id. */
    public static final List<String> SOURCES = List.of("file", "queue", "timer");

    private final Map<String, Counts> bySource = new ConcurrentHashMap<>();
    private final Map<String, SourceState> units = new ConcurrentHashMap<>();
    private final LongAdder outputFailures = new LongAdder();
    private final LongAdder deadLetterFailures = new LongAdder();
    /** Orders writes and failures; a channel is down while its last failure came after its last write. */
    private final AtomicLong events = new AtomicLong();
    private volatile long lastRecordsWritten;
    private volatile long lastOutputFailure;
    private volatile long lastDeadLetterWritten;
    private volatile long lastDeadLetterFailure;
    private volatile String outputFailure;
    private volatile String deadLetterFailure;
    private final Set<Tally> inProgress = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> finishedUnits = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failedUnits = new ConcurrentHashMap<>();
    private final History history = new History();

    /** How the last unit of a source ended; {@code lastFailure} and its reason stay once a later unit succeeds. */
    public record SourceState(Instant lastSuccess, Instant lastFailure, String lastFailureReason) {
        /** True while the source's most recent unit failed. */
        public boolean failing() {
            return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
        }
    }

    private static final class Counts {
        final LongAdder enriched = new LongAdder();
        final LongAdder records = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder held = new LongAdder();
        final Map<Reason, LongAdder> deadLetters = new EnumMap<>(Reason.class);

        Counts() {
            for (Reason reason : Reason.values()) {
                deadLetters.put(reason, new LongAdder());
            }
        }
    }

    public Totals() {
        SOURCES.forEach(this::counts);
    }

    /** {@code file} of {@code file:ids.txt}, {@code queue} of {@code queue}. */
    public static String kind(String source) {
        if (source == null) {
            return "unknown";
        }
        int colon = source.indexOf(':');
        return colon < 0 ? source : source.substring(0, colon);
    }

    private Counts counts(String kind) {
        return bySource.computeIfAbsent(kind, k -> new Counts());
    }

    void countEnriched(String source, int recordCount) {
        Counts counts = counts(kind(source));
        counts.enriched.increment();
        counts.records.add(recordCount);
        lastRecordsWritten = events.incrementAndGet();
    }

    void countDeadLetter(String source, Reason reason) {
        counts(kind(source)).deadLetters.get(reason).increment();
        lastDeadLetterWritten = events.incrementAndGet();
    }

    void countDuplicate(String source) {
        counts(kind(source)).duplicates.increment();
    }

    void countHeld(String source) {
        counts(kind(source)).held.increment();
    }

    /** A write to the outputs failed: the id is held. */
    void countOutputFailure(String why) {
        outputFailures.increment();
        outputFailure = why;
        lastOutputFailure = events.incrementAndGet();
    }

    /** A write to the dead-letter channel failed: the id is held. */
    void countDeadLetterFailure(String why) {
        deadLetterFailures.increment();
        deadLetterFailure = why;
        lastDeadLetterFailure = events.incrementAndGet();
    }

    void inProgress(Tally tally) {
        inProgress.add(tally);
    }

    void done(Tally tally) {
        inProgress.remove(tally);
    }

    /** The units reading their ids now, for progress lines. */
    public List<Tally> inProgress() {
        return List.copyOf(inProgress);
    }

    /** The last units, queue message and dead letters, for the status page. */
    public History history() {
        return history;
    }

    /** Files of the drop folder being read now. */
    public long filesInProgress() {
        return inProgress.stream().filter(tally -> "file".equals(kind(tally.source()))).count();
    }

    /** Files, messages or firings of the source that finished every id, and those that failed. */
    public long finishedUnits(String kind) {
        return finishedUnits.computeIfAbsent(kind, k -> new LongAdder()).sum();
    }

    public long failedUnits(String kind) {
        return failedUnits.computeIfAbsent(kind, k -> new LongAdder()).sum();
    }

    void unitSucceeded(String source) {
        finishedUnits.computeIfAbsent(kind(source), k -> new LongAdder()).increment();
        units.compute(kind(source), (k, was) -> new SourceState(Instant.now(),
                was == null ? null : was.lastFailure(), was == null ? null : was.lastFailureReason()));
    }

    void unitFailed(String source, String why) {
        failedUnits.computeIfAbsent(kind(source), k -> new LongAdder()).increment();
        units.compute(kind(source), (k, was) -> new SourceState(was == null ? null : was.lastSuccess(),
                Instant.now(), why));
    }

    public long enriched() {
        return sum(c -> c.enriched);
    }

    public long enriched(String kind) {
        return counts(kind).enriched.sum();
    }

    public long records() {
        return sum(c -> c.records);
    }

    public long duplicates() {
        return sum(c -> c.duplicates);
    }

    public long duplicates(String kind) {
        return counts(kind).duplicates.sum();
    }

    public long held() {
        return sum(c -> c.held);
    }

    public long held(String kind) {
        return counts(kind).held.sum();
    }

    public long deadLettered(Reason reason) {
        return sum(c -> c.deadLetters.get(reason));
    }

    public long deadLettered(String kind, Reason reason) {
        return counts(kind).deadLetters.get(reason).sum();
    }

    public long deadLettered() {
        return bySource.values().stream().flatMap(c -> c.deadLetters.values().stream()).mapToLong(LongAdder::sum)
                .sum();
    }

    /** Ids that reached an outcome. */
    public long outcomes() {
        return enriched() + deadLettered();
    }

    public long outputFailures() {
        return outputFailures.sum();
    }

    public long deadLetterFailures() {
        return deadLetterFailures.sum();
    }

    /** The outputs failed more recently than records were last written to them: ids are being held. */
    public boolean outputsDown() {
        return lastOutputFailure > lastRecordsWritten;
    }

    public boolean deadLetterChannelDown() {
        return lastDeadLetterFailure > lastDeadLetterWritten;
    }

    /** What the last failed write said, for health; null before any. */
    public String lastOutputFailure() {
        return outputFailure;
    }

    public String lastDeadLetterFailure() {
        return deadLetterFailure;
    }

    /** How each source's last unit ended, by source kind, for the sources that have had one. */
    public Map<String, SourceState> sources() {
        return new TreeMap<>(units);
    }

    private long sum(Function<Counts, LongAdder> counter) {
        return bySource.values().stream().map(counter).mapToLong(LongAdder::sum).sum();
    }
}
