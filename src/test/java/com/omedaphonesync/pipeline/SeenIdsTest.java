package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ids already taken from one file or message. */
class SeenIdsTest {

    @Test
    void theFirstSightingIsTrueAndEveryRepeatFalse() {
        SeenIds seen = new SeenIds(16);

        assertThat(seen.add("FOO/12345")).isTrue();
        assertThat(seen.add("FOO/12345")).isFalse();
        assertThat(seen.add("FOO/12345")).isFalse();
    }

    @Test
    void keysThatDifferInAnyWayAreDifferent() {
        SeenIds seen = new SeenIds(16);

        assertThat(seen.add("FOO/12345")).isTrue();
        assertThat(seen.add("BAR/12345")).isTrue();
        assertThat(seen.add("FOO/1234")).isTrue();
        assertThat(seen.add("foo/12345")).isTrue();
        assertThat(seen.add("")).isTrue();
        assertThat(seen.add("")).isFalse();
        assertThat(seen.add("FOO/12345")).isFalse();
    }

    @Test
    void survivesGrowthFarPastItsInitialSize() {
        SeenIds seen = new SeenIds(16);
        int ids = 100_000;

        for (int i = 0; i < ids; i++) {
            assertThat(seen.add("TEST/" + i)).as("first sighting of %d", i).isTrue();
        }
        for (int i = 0; i < ids; i++) {
            assertThat(seen.add("TEST/" + i)).as("repeat of %d", i).isFalse();
        }
        assertThat(seen.add("TEST/" + ids)).isTrue();
    }

    @Test
    void aTableSizedForNothingStillWorks() {
        SeenIds seen = new SeenIds(0);

        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add("k" + i)).isTrue();
        }
        assertThat(seen.add("k0")).isFalse();
        assertThat(seen.add("k999")).isFalse();
    }
}
