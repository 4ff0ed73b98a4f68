package com.omedaphonesync.cluster;

import static com.omedaphonesync.cluster.FileLockLeaderTest.drop;
import static com.omedaphonesync.cluster.FileLockLeaderTest.ids;
import static com.omedaphonesync.cluster.FileLockLeaderTest.outcomes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestZooKeeper;

/**
 * Two instances elected through a real ZooKeeper server in this JVM (a short tick, so that sessions of a few
 * seconds are allowed). The drop folder runs on exactly one of them, never on two at once: not when the leader
 * stops, not when its ZooKeeper session is lost (CAMEL-24457), not while ZooKeeper is down.
 */
class ZooKeeperLeaderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private TestingServer zooKeeper;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zooKeeper = TestZooKeeper.start(dir);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    private Instances cluster() throws Exception {
        return new Instances(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.cluster.backend", "zookeeper",
                "omeda.cluster.zookeeper.nodes", zooKeeper.getConnectString(),
                "omeda.cluster.zookeeper.session-timeout-ms", "3000"));
    }

    /** An instance that reaches ZooKeeper through {@code partition}. */
    private static void startBehind(Instances cluster, String id, Partition partition) throws Exception {
        cluster.start(id, Map.of("omeda.cluster.zookeeper.nodes", partition.connectString()));
    }

    private static String leader(Instances cluster) {
        await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).size() == 1);
        return cluster.runningNow(Instances.FILE_SOURCE).get(0);
    }

    @Test
    void theOtherInstanceTakesOverWhenTheLeaderStops() throws Exception {
        try (Instances cluster = cluster()) {
            cluster.start("a");
            cluster.start("b");
            String leader = leader(cluster);
            String follower = leader.equals("a") ? "b" : "a";
            await().atMost(WAIT).until(() -> cluster.app(leader).leadership().members() == 2);

            drop(cluster, "first.txt", ids(1000, 10));
            await().atMost(WAIT).until(() -> Files.exists(cluster.input().resolve(".done/first.txt")));
            assertThat(outcomes(cluster, leader)).containsAll(ids(1000, 10));
            assertThat(outcomes(cluster, follower)).isEmpty();

            cluster.stop(leader);
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).equals(List.of(follower)));
            assertThat(cluster.app(follower).leadership().members()).isEqualTo(1);
            assertThat(cluster.overlaps()).isEmpty();
        }
    }

    /**
     * The leader is cut off from ZooKeeper (CAMEL-24457): silence on its connection makes it give up the lead
     * after two thirds of the session timeout, the server expires its session only after the whole timeout and
     * elects the other instance; once the network heals the old leader learns its session is lost and rejoins
     * the election, behind the new leader.
     */
    @Test
    void aLeaderCutOffFromZooKeeperStopsBeforeAnotherStarts() throws Exception {
        try (Partition partition = new Partition(zooKeeper.getPort()); Instances cluster = cluster()) {
            startBehind(cluster, "a", partition);
            leader(cluster);
            cluster.start("b");
            await().atMost(WAIT).until(() -> cluster.app("a").leadership().members() == 2);
            String leader = "a";
            String follower = "b";
            PhoneSyncApp old = cluster.app(leader);

            partition.cut();
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).equals(List.of(follower)));
            partition.heal();
            // the old leader is back in the election, behind the new one
            await().atMost(WAIT).until(() -> cluster.app(follower).leadership().members() == 2);
            assertThat(old.leadership().isLeader()).isFalse();
            drop(cluster, "after.txt", ids(3000, 10));
            await().atMost(WAIT).until(() -> Files.exists(cluster.input().resolve(".done/after.txt")));
            assertThat(outcomes(cluster, follower)).containsAll(ids(3000, 10));
            assertThat(cluster.overlaps()).isEmpty();
            assertThat(cluster.starts()).containsExactly(leader + ":file-source", follower + ":file-source");
        }
    }

    @Test
    void noInstanceRunsTheDropFolderWhileZooKeeperIsDownAndOneDoesOnceItIsBack() throws Exception {
        try (Instances cluster = cluster()) {
            cluster.start("a");
            cluster.start("b");
            leader(cluster);

            zooKeeper.stop();
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).isEmpty());
            zooKeeper.restart();
            leader(cluster);
            assertThat(cluster.overlaps()).isEmpty();
        }
    }
}
