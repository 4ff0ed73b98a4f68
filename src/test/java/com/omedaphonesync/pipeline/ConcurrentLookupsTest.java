package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * Issue 15, item 3: with {@code omeda.http.concurrency} = C, C lookups really are in flight together, and never
 * more, as Omeda sees them: the simulator counts the requests it holds at once (see its {@code InFlight}), each
 * answered after 200 ms. The product runs through its routes, from a batch file and from the drop folder. No
 * clock is raced: ids keep coming, a file of C × 10 at a time, until the simulator has seen C at once (on a busy
 * machine a thread may come back late for its next id, and the next file gives it another chance), and only then
 * is the most it ever saw checked.
 */
class ConcurrentLookupsTest {
    private static final int C = 16;
    private static final int IDS_PER_FILE = C * 10;
    private static final Duration UNTIL_C_AT_ONCE = Duration.ofMinutes(3);
    private static final SimulatorOptions ANSWER_AFTER_200_MS = SimulatorOptions.builder().latencyMillis(200).build();
    private static final Map<String, String> CONCURRENCY = Map.of("omeda.http.concurrency", String.valueOf(C));

    @TempDir
    Path dir;

    private long nextId = 3_000_000;

    @Test
    void aBatchKeepsCLookupsInFlightTogetherAndNeverMore() throws Exception {
        try (TestApp test = TestApp.batch(dir, ANSWER_AFTER_200_MS, CONCURRENCY)) {
            OmedaSimulator omeda = test.simulator();
            int[] files = { 0 };

            await("Omeda sees " + C + " lookups at once").atMost(UNTIL_C_AT_ONCE).pollDelay(Duration.ZERO).until(() -> {
                Summary summary = test.app().enrich(test.idsFile("ids-" + files[0]++ + ".txt", nextIds()));
                assertThat(summary.enriched()).isEqualTo(IDS_PER_FILE);
                return omeda.maxInFlight() >= C;
            });

            assertThat(omeda.maxInFlight()).as("the most lookups Omeda saw at once").isEqualTo(C);
            assertThat(omeda.requestCount()).isEqualTo((long) files[0] * IDS_PER_FILE);
        }
    }

    @Test
    void filesInTheDropFolderKeepCLookupsInFlightTogetherAndNeverMore() throws Exception {
        try (TestApp test = TestApp.service(dir, ANSWER_AFTER_200_MS, CONCURRENCY)) {
            OmedaSimulator omeda = test.simulator();
            long[] dropped = { 0 };

            // the next file is dropped only once every id of the last one has reached Omeda
            await("Omeda sees " + C + " lookups at once").atMost(UNTIL_C_AT_ONCE).pollDelay(Duration.ZERO).until(() -> {
                if (omeda.maxInFlight() >= C) {
                    return true;
                }
                if (omeda.requestCount() == dropped[0]) {
                    test.drop("ids-" + dropped[0] + ".txt", nextIds());
                    dropped[0] += IDS_PER_FILE;
                }
                return false;
            });
            await().atMost(UNTIL_C_AT_ONCE)
                    .until(() -> omeda.requestCount() == dropped[0] && omeda.inFlight() == 0);

            assertThat(omeda.maxInFlight()).as("the most lookups Omeda saw at once").isEqualTo(C);
        }
    }

    private String nextIds() {
        long first = nextId;
        nextId += IDS_PER_FILE;
        return LongStream.range(first, first + IDS_PER_FILE).mapToObj(Long::toString)
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
