package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.TestApp;

/**
 * Issue 15, item 3: with {@code omeda.http.concurrency} = C, C lookups really are in flight together, and never
 * more, as Omeda sees them: the simulator counts the requests it holds at once (see its {@code InFlight}), each
 * answered after 200 ms. The product runs through its routes, from a batch file and from the drop folder. No
 * clock is raced: ids keep coming, a file of C × 10 at a time, until the simulator has seen C at once (on a busy
 * machine a thread may come back late for its next id, and the next file gives it another chance), and only then
 * is the most it ever saw checked. The same from the service's sources: the drop folder and the queue.
 */
class ConcurrentLookupsTest {
    private static final int C = 16;
    private static final int IDS_PER_FILE = C * 10;
    private static final Duration UNTIL_C_AT_ONCE = Duration.ofMinutes(3);
    private static final SimulatorOptions ANSWER_AFTER_200_MS = SimulatorOptions.builder().latencyMillis(200).build();
    /** The queue of {@code omeda.source.queue.uri}'s default. */
    private static final String QUEUE = "omeda.customer-ids";
    private static final Map<String, String> CONCURRENCY = Map.of("omeda.http.concurrency", String.valueOf(C));

    @TempDir
    Path dir;

    private long nextId = 3_000_000;

    @Test
    void aBatchKeepsCLookupsInFlightTogetherAndNeverMore() throws Exception {
        try (TestApp test = TestApp.batch(dir, ANSWER_AFTER_200_MS, CONCURRENCY)) {
            OmedaSimulator omeda = test.simulator();
            int[] files = { 0 };

            untilOmedaSeesC().until(() -> {
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
            feedUntilCAtOnce(test.simulator(), ids -> test.drop("ids-" + nextId + ".txt", ids));
        }
    }

    @Test
    void messagesOnTheQueueKeepCLookupsInFlightTogetherAndNeverMore() throws Exception {
        String broker = FreePort.brokerUrl();
        try (TestApp test = TestApp.service(dir, ANSWER_AFTER_200_MS, TestApp.queueService(broker, CONCURRENCY));
                JmsClient jms = new JmsClient(broker)) {
            feedUntilCAtOnce(test.simulator(), ids -> jms.send(QUEUE, ids));
        }
    }

    /** A source of ids: takes the next {@link #IDS_PER_FILE} of them, a line each. */
    private interface Feed {
        void send(String ids) throws Exception;
    }

    /**
     * Feeds the service ids until Omeda has seen C lookups at once, the next file (or message) only once every
     * id of the last one has reached Omeda; then lets every lookup end and checks that it never saw more.
     */
    private void feedUntilCAtOnce(OmedaSimulator omeda, Feed feed) {
        long[] fed = { 0 };
        untilOmedaSeesC().until(() -> {
            if (omeda.maxInFlight() >= C) {
                return true;
            }
            if (omeda.requestCount() == fed[0]) {
                feed.send(nextIds());
                fed[0] += IDS_PER_FILE;
            }
            return false;
        });
        await().atMost(UNTIL_C_AT_ONCE).until(() -> omeda.requestCount() == fed[0] && omeda.inFlight() == 0);

        assertThat(omeda.maxInFlight()).as("the most lookups Omeda saw at once").isEqualTo(C);
    }

    private static ConditionFactory untilOmedaSeesC() {
        return await("Omeda sees " + C + " lookups at once").atMost(UNTIL_C_AT_ONCE).pollDelay(Duration.ZERO);
    }

    private String nextIds() {
        long first = nextId;
        nextId += IDS_PER_FILE;
        return LongStream.range(first, first + IDS_PER_FILE).mapToObj(Long::toString)
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
