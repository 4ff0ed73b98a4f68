package com.omedaphonesync.cluster;

import static com.omedaphonesync.cluster.FileLockLeaderTest.drop;
import static com.omedaphonesync.cluster.FileLockLeaderTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;
import com.omedaphonesync.support.TestZooKeeper;

/**
 * A leader that loses the lead in the middle of a file lets go of it at once: it takes no more of its ids, holds
 * those in flight without writing anything for them, and neither checkpoints nor moves the file; the instance that
 * leads next resumes from the last checkpoint and alone finishes and moves it. The file is provably mid-way when
 * the lead goes: its first {@value #DONE} ids are done and checkpointed, the next ones are held in flight at a
 * gate in front of Omeda, and the gate opens only once the old leader has heard it lost the lead.
 */
class LeadLossTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NAMESPACE = "omeda-phone-sync";
    private static final String FILE = "mid-way.txt";
    private static final int DONE = 40;
    private static final int CONCURRENCY = 4;

    @TempDir
    Path dir;

    /** File lock: the leader's lock file disappears (a folder cleaned, a share remounted), so it loses the lock. */
    @Test
    void fileLockBackend() throws Exception {
        Map<String, String> settings = Map.of("omeda.cluster.file.acquire-interval-ms", "200");
        try (Instances cluster = new Instances(dir, SimulatorOptions.builder().build(), common(settings))) {
            loseTheLeadMidFile(cluster, Map.of(), () -> Files.delete(cluster.input().resolve(".cluster/" + NAMESPACE)));
        }
    }

    /** ZooKeeper: the leader is cut off from the ensemble, gives up the lead, and the other is elected. */
    @Test
    void zooKeeperBackend() throws Exception {
        try (TestingServer zooKeeper = TestZooKeeper.start(dir);
                Partition partition = new Partition(zooKeeper.getPort());
                Instances cluster = new Instances(dir, SimulatorOptions.builder().build(), common(Map.of(
                        "omeda.cluster.backend", "zookeeper",
                        "omeda.cluster.zookeeper.nodes", zooKeeper.getConnectString(),
                        "omeda.cluster.zookeeper.session-timeout-ms", "3000")))) {
            loseTheLeadMidFile(cluster, Map.of("omeda.cluster.zookeeper.nodes", partition.connectString()),
                    partition::cut);
        }
    }

    private static Map<String, String> common(Map<String, String> backend) {
        Map<String, String> settings = new HashMap<>(backend);
        settings.put("omeda.http.concurrency", String.valueOf(CONCURRENCY));
        // gated lookups wait as long as the test needs, without timing out into retries
        settings.put("omeda.http.response-timeout-ms", "120000");
        return settings;
    }

    interface TakeAway {
        void run() throws Exception;
    }

    private void loseTheLeadMidFile(Instances cluster, Map<String, String> leaderSettings, TakeAway takeTheLead)
            throws Exception {
        List<String> ids = ids(5000, 200);
        try (IdGate gate = new IdGate(cluster.simulator().baseUrl(), new HashSet<>(ids.subList(DONE, ids.size())))) {
            cluster.omedaAt(gate.baseUrl());
            PhoneSyncApp old = cluster.start("a", leaderSettings);
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).equals(List.of("a")));
            cluster.start("b");
            CamelClusterView view = ClusterServiceHelper.lookupService(old.context()).orElseThrow().getView(NAMESPACE);

            drop(cluster, FILE, ids);
            // mid-way: the first ids done and checkpointed, the next ones in flight
            Path checkpoint = cluster.input().resolve(".checkpoint/" + FILE);
            await().atMost(WAIT).until(() -> gate.waiting() > 0 && Files.exists(checkpoint)
                    && Files.readString(checkpoint, StandardCharsets.UTF_8).contains("ids=" + DONE + "\n"));
            String lastCheckpoint = Files.readString(checkpoint, StandardCharsets.UTF_8);

            takeTheLead.run();
            // the backend's own view of the lead: the route policy hears of it later, and stops the drop folder
            // only once the exchange in flight has ended
            await().atMost(WAIT).until(() -> !view.getLocalMember().isLeader());
            gate.open();

            await().atMost(WAIT).until(() -> Files.exists(cluster.input().resolve(".done/" + FILE))
                    && old.totals().inProgress().isEmpty());

            // every id of the file has its records exactly once, across both instances
            Map<String, Integer> lines = new HashMap<>();
            for (String instance : List.of("a", "b")) {
                for (JsonNode record : TestApp.jsonLines(cluster.output("phones-" + instance + ".jsonl"))) {
                    lines.merge(record.get("customerId").asText(), 1, Integer::sum);
                }
            }
            for (String id : ids) {
                assertThat(lines.get(id)).as("records of " + id).isEqualTo(SimulatedCustomers.phoneCount(id));
            }
            // the old leader's unit ended with its ids in flight held, nothing written for them
            assertThat(old.totals().held("file")).as("ids held by the old leader").isPositive();
            assertThat(old.totals().failedUnits("file")).isGreaterThanOrEqualTo(1);
            assertThat(TestApp.jsonLines(cluster.output("dead-letter-a.jsonl"))).isEmpty();
            assertThat(TestApp.jsonLines(cluster.output("dead-letter-b.jsonl"))).isEmpty();
            // the old leader's checkpoint was the last it wrote; the file was moved once, never errored
            assertThat(lastCheckpoint).contains("ids=" + DONE + "\n");
            assertThat(list(cluster.input().resolve(".done"))).containsExactly(FILE);
            assertThat(cluster.input().resolve(FILE)).doesNotExist();
            assertThat(cluster.input().resolve(".error")).doesNotExist();
        }
    }

    private static List<String> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
