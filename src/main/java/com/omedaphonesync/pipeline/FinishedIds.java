package com.omedaphonesync.pipeline;

import java.util.BitSet;

/**
 * How far the ids of one unit are finished, in the order they were read: the number of leading ids that all
 * have their outcome (a low-water mark), which is what a restarted file may skip. Ids finish out of order on
 * the lookup threads, so those finished beyond the first unfinished one are remembered, one bit each, until
 * the mark passes them. Not thread-safe: the {@link Tally} guards it.
 */
final class FinishedIds {
    private final long skipped;
    private final BitSet finished = new BitSet();
    private int leading;

    /**
     * @param skipped ids before the first one read here, finished in an earlier run
     */
    FinishedIds(long skipped) {
        this.skipped = skipped;
    }

    /** The id read at {@code index} (0 for the first one read here) has its outcome, or needs none. */
    void finish(int index) {
        finished.set(index);
        if (index == leading) {
            leading = finished.nextClearBit(leading);
        }
    }

    /** How many leading ids, counted from the very first of the input, all have their outcome. */
    long leading() {
        return skipped + leading;
    }
}
