package com.omedaphonesync.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.omedaphonesync.records.DeadLetter;

/**
 * The recent past, for the status page: the last units of the drop folder and the schedule (their summaries and
 * reports), the last queue message, and the last dead letters written. What is kept per id or per message is a
 * reference to an object the pipeline made anyway, stored without a lock; only files and firings, which are
 * few, are kept in a list.
 */
public final class History {
    /** Units of the drop folder and the schedule kept, per source kind, and dead letters kept. */
    public static final int KEPT = 10;

    /**
     * A unit that ended: its summary, its report when one was written, and why it did not finish (null when it
     * did).
     */
    public record Unit(Summary summary, String report, String failure) {
    }

    private final Deque<Unit> files = new ArrayDeque<>();
    private final Deque<Unit> firings = new ArrayDeque<>();
    private volatile Summary lastMessage;
    private volatile String lastMessageFailure;
    private final AtomicReferenceArray<DeadLetter> deadLetters = new AtomicReferenceArray<>(KEPT);
    private final AtomicLong deadLettersKept = new AtomicLong();

    void ended(Summary summary, String report, String failure) {
        String kind = Totals.kind(summary.source());
        if (Pipeline.QUEUE.equals(kind)) {
            lastMessageFailure = failure;
            lastMessage = summary;
            return;
        }
        Deque<Unit> units = "timer".equals(kind) ? firings : "file".equals(kind) ? files : null;
        if (units == null) {
            return;
        }
        synchronized (units) {
            units.addFirst(new Unit(summary, report, failure));
            while (units.size() > KEPT) {
                units.removeLast();
            }
        }
    }

    void deadLettered(DeadLetter letter) {
        deadLetters.set((int) (deadLettersKept.getAndIncrement() % KEPT), letter);
    }

    /** The last files of the drop folder, newest first. */
    public List<Unit> files() {
        synchronized (files) {
            return List.copyOf(files);
        }
    }

    /** The last firings of the schedule, newest first. */
    public List<Unit> firings() {
        synchronized (firings) {
            return List.copyOf(firings);
        }
    }

    /** The last queue message's unit, or null before any. */
    public Unit lastMessage() {
        Summary summary = lastMessage;
        return summary == null ? null : new Unit(summary, null, lastMessageFailure);
    }

    /** The last dead letters written, newest first. */
    public List<DeadLetter> deadLetters() {
        long next = deadLettersKept.get();
        List<DeadLetter> last = new ArrayList<>(KEPT);
        for (long i = next - 1; i >= 0 && i >= next - KEPT; i--) {
            DeadLetter letter = deadLetters.get((int) (i % KEPT));
            if (letter != null) {
                last.add(letter);
            }
        }
        return last;
    }
}
