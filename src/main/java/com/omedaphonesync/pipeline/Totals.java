package com.omedaphonesync.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.omedaphonesync.records.Reason;

/** Running counts over every unit since start-up, for metrics and for the demo's progress. */
public final class Totals {
    private final LongAdder enriched = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final Map<Reason, LongAdder> deadLetters = new EnumMap<>(Reason.class);

    public Totals() {
        for (Reason reason : Reason.values()) {
            deadLetters.put(reason, new LongAdder());
        }
    }

    void countEnriched(int recordCount) {
        enriched.increment();
        records.add(recordCount);
    }

    void countDeadLetter(Reason reason) {
        deadLetters.get(reason).increment();
    }

    void countDuplicate() {
        duplicates.increment();
    }

    public long enriched() {
        return enriched.sum();
    }

    public long records() {
        return records.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long deadLettered(Reason reason) {
        return deadLetters.get(reason).sum();
    }

    public long deadLettered() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Ids that reached an outcome. */
    public long outcomes() {
        return enriched() + deadLettered();
    }
}
