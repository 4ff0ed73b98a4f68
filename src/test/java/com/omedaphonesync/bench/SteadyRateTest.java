package com.omedaphonesync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

class SteadyRateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsOnlyTheWholeSecondsBetweenTheQuarterAndNineTenthsOfTheRunsRequests() {
        // an earlier run's second, a second of start-up, a slow warm-up, then steady, then the cut-short tail
        ArrayNode perSecond = seconds(999, 0, 5, 15, 20, 20, 20, 20, 20, 20, 20, 20, 15, 5);
        // the run's 200 requests pass 50 (25 %) in the 5th of its seconds and 180 (90 %) in the 11th: the
        // seconds in between hold 20 each
        assertThat(SteadyRate.between(perSecond, 1, 0.25, 0.90)).isEqualTo(20.0);
    }

    @Test
    void aRunWithFewerThanThreeWholeSecondsInItsWindowHasNoSteadyRate() {
        assertThat(SteadyRate.between(seconds(0, 50, 50, 50, 50), 0, 0.25, 0.90)).isNaN();
    }

    private static ArrayNode seconds(int... counts) {
        ArrayNode array = JSON.createArrayNode();
        for (int count : counts) {
            array.add(count);
        }
        return array;
    }
}
