package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The low-water mark a checkpoint saves: only ids below the first unfinished one count as done. */
class FinishedIdsTest {
    @Test
    void idsFinishedOutOfOrderCountOnlyOnceEveryIdBeforeThemIsFinished() {
        FinishedIds ids = new FinishedIds(0);
        ids.finish(1);
        ids.finish(2);
        ids.finish(4);
        assertThat(ids.leading()).as("id 0 is still in flight").isZero();

        ids.finish(0);
        assertThat(ids.leading()).as("0, 1 and 2 are done; 3 is not").isEqualTo(3);

        ids.finish(3);
        assertThat(ids.leading()).as("3 closes the gap up to 4").isEqualTo(5);
    }

    @Test
    void idsSkippedOnResumeCountAsFinished() {
        FinishedIds ids = new FinishedIds(1_000);
        assertThat(ids.leading()).isEqualTo(1_000);
        ids.finish(1);
        assertThat(ids.leading()).isEqualTo(1_000);
        ids.finish(0);
        assertThat(ids.leading()).isEqualTo(1_002);
    }
}
