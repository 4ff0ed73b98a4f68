package com.omedaphonesync.pipeline;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.Reason;

/**
 * Accounts for the ids of one unit of work while they are in flight: counts each outcome, skips repeated
 * ids, and lets the unit wait until every id it handed out has its outcome. The first id that could not be
 * given an outcome (held) or the input that could not be read fails the whole unit, so that the file stays
 * or the message rolls back and nothing is lost. A unit resumed from a checkpoint passes over the ids an
 * earlier run finished, remembering them as seen so that a later repeat still counts as a duplicate, and
 * tells how many leading ids are finished now ({@link #idsDone()}) for the next checkpoint.
 */
public final class Tally {
    private final String source;
    private final List<String> inputs;
    private final Instant started = Instant.now();
    private final SeenIds seen;
    private final Totals totals;
    private final long resumeAfter;
    private final FinishedIds finishedIds;
    private final BooleanSupplier mandate;
    private long skippedOnResume;
    private long read;
    private long duplicates;
    private long enriched;
    private long records;
    private long held;
    private final Map<Reason, Long> deadLetters = Summary.noDeadLetters();
    private int inFlight;
    private RuntimeException failure;

    /**
     * @param resumeAfter leading ids of the input that an earlier run finished: passed over, not looked up
     * @param mandate whether this instance may still finish the unit: a leader-only source's unit loses it with
     *        the lead, and from then on its ids are held and nothing more of it is written
     */
    Tally(String source, List<String> inputs, int expectedIds, Totals totals, long resumeAfter,
            BooleanSupplier mandate) {
        this.source = source;
        this.inputs = List.copyOf(inputs);
        this.seen = new SeenIds(expectedIds);
        this.totals = totals;
        this.resumeAfter = resumeAfter;
        this.finishedIds = new FinishedIds(resumeAfter);
        this.mandate = mandate;
    }

    /**
     * Null while this instance may go on with the unit; once it lost the lead the unit was started under, the
     * reason its ids are held, and the unit fails with it (the new leader alone finishes the input).
     */
    HeldException withoutMandate() {
        if (mandate.getAsBoolean()) {
            return null;
        }
        HeldException lost = new HeldException("held: this instance no longer leads; the new leader finishes "
                + source, null);
        fail(lost);
        return lost;
    }

    public String source() {
        return source;
    }

    /** The ids of {@code ids}, ending early (and closing it) once the unit has failed. */
    Iterator<IdRequest> track(Iterator<IdRequest> ids) {
        totals.inProgress(this);
        return new TrackedIds(ids);
    }

    /** The files the unit reads, for progress lines. */
    public List<String> inputs() {
        return inputs;
    }

    /** When the unit started. */
    public Instant startedAt() {
        return started;
    }

    /**
     * True for the first sighting of an id in this unit; counts a duplicate otherwise.
     *
     * @param index where the id was read, 0 for the first id read in this run
     */
    synchronized boolean firstSighting(IdRequest request, int index) {
        if (seen.add(request.dedupKey())) {
            return true;
        }
        duplicates++;
        totals.countDuplicate(source);
        // a repeat needs no outcome of its own: its first sighting, read before it, has or gets one
        finishedIds.finish(index);
        return false;
    }

    /** How many leading ids of the input have their outcome (those skipped on resume included). */
    public synchronized long idsDone() {
        return finishedIds.leading();
    }

    synchronized void started() {
        inFlight++;
    }

    synchronized void enriched(int index, int recordCount) {
        enriched++;
        finishedIds.finish(index);
        records += recordCount;
        totals.countEnriched(source, recordCount);
        finished();
    }

    synchronized void deadLettered(int index, Reason reason) {
        finishedIds.finish(index);
        deadLetters.merge(reason, 1L, Long::sum);
        totals.countDeadLetter(source, reason);
        finished();
    }

    /** The id has no outcome; the unit fails with the first such cause. */
    synchronized void held(RuntimeException cause) {
        held++;
        totals.countHeld(source);
        fail(cause);
        finished();
    }

    /**
     * The id's records or its dead letter could not be written: held, and counted as a failed write of the outputs
     * or of the dead-letter channel, which health reports until a later write succeeds.
     */
    synchronized void writeFailed(RuntimeException cause, boolean deadLetter) {
        if (deadLetter) {
            totals.countDeadLetterFailure(cause.getMessage());
        } else {
            totals.countOutputFailure(cause.getMessage());
        }
        held(cause);
    }

    /** Stops the unit from taking more ids; it fails with {@code cause} once its ids in flight are done. */
    synchronized void fail(RuntimeException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    synchronized boolean hasFailed() {
        return failure != null;
    }

    private void finished() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /**
     * Waits until every id handed out has its outcome, even when interrupted (the interrupt is kept): the unit
     * must not end, its message roll back or its file be read again, while its lookups still write.
     *
     * @throws RuntimeException the cause of the failure, when some id was held or the input unreadable
     */
    synchronized Summary awaitOutcomes() {
        try {
            return awaitEveryOutcome();
        } finally {
            totals.done(this);
        }
    }

    private Summary awaitEveryOutcome() {
        boolean interrupted = false;
        while (inFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
                fail(new HeldException("held: interrupted", e));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        // a lost lead decides the input's fate whatever else happened: the new leader moves or errors it
        HeldException lost = withoutMandate();
        if (lost != null) {
            failure = lost;
        }
        if (failure != null) {
            totals.unitFailed(source, failure.getMessage());
            throw failure;
        }
        totals.unitSucceeded(source);
        return summary();
    }

    /** What was done so far (while it runs), or in all. */
    public synchronized Summary summary() {
        Instant now = Instant.now();
        return new Summary(source, inputs, Summary.instant(started), Summary.instant(now), read, skippedOnResume,
                duplicates, enriched, records, new EnumMap<>(deadLetters), held, Duration.between(started, now).toMillis());
    }

    private synchronized void counted() {
        read++;
    }

    private synchronized void passedOver(IdRequest request) {
        seen.add(request.dedupKey());
        skippedOnResume++;
    }

    private final class TrackedIds implements Iterator<IdRequest>, Closeable {
        private final Iterator<IdRequest> ids;
        private long toSkip = resumeAfter;

        TrackedIds(Iterator<IdRequest> ids) {
            this.ids = ids;
        }

        @Override
        public boolean hasNext() {
            if (hasFailed()) {
                close();
                return false;
            }
            try {
                while (toSkip > 0 && ids.hasNext()) {
                    toSkip--;
                    passedOver(ids.next());
                }
                return ids.hasNext();
            } catch (RuntimeException unreadable) {
                fail(unreadable);
                return false;
            }
        }

        @Override
        public IdRequest next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            counted();
            return ids.next();
        }

        @Override
        public void close() {
            if (ids instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (java.io.IOException ignored) {
                    // the reader is done either way
                }
            }
        }
    }
}
