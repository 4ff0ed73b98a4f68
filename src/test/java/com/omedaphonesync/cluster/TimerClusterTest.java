package com.omedaphonesync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/** The schedule in a cluster of three: one refresh a period, cluster-wide, and a new leader keeps it going. */
class TimerClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ID = "12345";

    @TempDir
    Path dir;

    @Test
    void onlyTheLeaderFiresAndTheNextLeaderTakesTheScheduleOver() throws Exception {
        Path ids = dir.resolve("refresh-ids.txt");
        Files.writeString(ids, ID + "\n", StandardCharsets.UTF_8);
        try (Instances cluster = new Instances(dir, SimulatorOptions.builder().recordRequests(true).build(), Map.of(
                "omeda.cluster.file.acquire-interval-ms", "200",
                "omeda.source.file.enabled", "false",
                "omeda.source.timer.enabled", "true",
                "omeda.source.timer.schedule", "1s",
                "omeda.source.timer.ids-file", ids.toString()))) {
            List.of("a", "b", "c").forEach(id -> start(cluster, id));
            // five periods' firings: one lookup of the id each
            await().atMost(WAIT).until(() -> cluster.simulator().requestsFor(ID).size() >= 5);
            List<String> firing = cluster.runningNow(Instances.TIMER_SOURCE);
            assertThat(firing).hasSize(1);
            String leader = firing.get(0);
            List<String> others = List.of("a", "b", "c").stream().filter(id -> !id.equals(leader)).toList();
            await().atMost(WAIT).until(() -> timerRecords(cluster, leader) >= 5);
            for (String other : others) {
                assertThat(timerRecords(cluster, other)).as(other + " fired").isZero();
            }

            cluster.stop(leader);
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.TIMER_SOURCE).size() == 1);
            String next = cluster.runningNow(Instances.TIMER_SOURCE).get(0);
            await().atMost(WAIT).until(() -> timerRecords(cluster, next) >= 3);
            assertThat(timerRecords(cluster, others.get(0).equals(next) ? others.get(1) : others.get(0))).isZero();
            assertThat(cluster.overlaps()).isEmpty();
            assertThat(cluster.starts()).containsExactly(leader + ":timer-source", next + ":timer-source");
        }
    }

    private static void start(Instances cluster, String id) {
        try {
            cluster.start(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records of the refreshed id an instance wrote: the firings it made, times the id's phones. */
    private static long timerRecords(Instances cluster, String instance) throws Exception {
        return TestApp.jsonLines(cluster.output("phones-" + instance + ".jsonl")).stream()
                .filter(r -> "timer".equals(r.get("source").asText())).count();
    }
}
