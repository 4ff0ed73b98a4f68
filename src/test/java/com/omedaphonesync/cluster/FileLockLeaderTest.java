package com.omedaphonesync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.lookup.OmedaHttpComponent;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/** Two instances on one drop folder with the default backend, Camel's file-lock cluster service. */
class FileLockLeaderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void oneInstanceTakesTheDropFolderAndTheOtherTakesOverWhenItStops() throws Exception {
        try (Instances cluster = new Instances(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.cluster.file.acquire-interval-ms", "200"))) {
            cluster.start("a");
            cluster.start("b");
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).size() == 1);
            String leader = cluster.runningNow(Instances.FILE_SOURCE).get(0);
            String follower = leader.equals("a") ? "b" : "a";
            assertThat(cluster.app(leader).leadership().isLeader()).isTrue();
            assertThat(cluster.app(follower).leadership().isLeader()).isFalse();
            assertThat(dir.resolve("input/.cluster")).isDirectory();

            drop(cluster, "first.txt", ids(1000, 20));
            await().atMost(WAIT).until(() -> Files.exists(cluster.input().resolve(".done/first.txt")));
            assertThat(outcomes(cluster, leader)).containsAll(ids(1000, 20));
            assertThat(outcomes(cluster, follower)).isEmpty();

            cluster.stop(leader);
            await().atMost(WAIT).until(() -> cluster.runningNow(Instances.FILE_SOURCE).equals(List.of(follower)));
            drop(cluster, "second.txt", ids(2000, 20));
            await().atMost(WAIT).until(() -> Files.exists(cluster.input().resolve(".done/second.txt")));
            assertThat(outcomes(cluster, follower)).containsAll(ids(2000, 20));
            assertThat(cluster.overlaps()).isEmpty();
        }
    }

    /**
     * The file backend cannot see the other instances: each takes the budget divided by the instances the operator
     * says will run, and says at start-up that the share is static.
     */
    @Test
    void eachInstanceTakesAStaticShareOfTheBudgetAndWarnsThatItIsStatic() throws Exception {
        try (LogCapture log = new LogCapture();
                Instances cluster = new Instances(dir, SimulatorOptions.builder().build(), Map.of(
                        "omeda.http.rate-limit-per-second", "90",
                        "omeda.cluster.expected-members", "3"))) {
            PhoneSyncApp app = cluster.start("a");

            assertThat(app.context().getComponent("omeda-http", OmedaHttpComponent.class).rateLimiter().perSecond())
                    .isEqualTo(30);
            assertThat(log.lines()).anySatisfy(line -> {
                assertThat(line.level()).isEqualTo(Level.WARN);
                assertThat(line.message()).contains("Rate limit: 30 lookups a second here",
                        "omeda.cluster.expected-members 3", "Use the zookeeper backend");
            });
        }
    }

    /** Ids the simulator knows with at least one phone, so that each has records to show for it. */
    static List<String> ids(int first, int count) {
        return IntStream.iterate(first, i -> i + 1).mapToObj(String::valueOf)
                .filter(id -> SimulatedCustomers.phoneCount(id) > 0).limit(count).toList();
    }

    static void drop(Instances cluster, String name, List<String> ids) throws Exception {
        Files.createDirectories(cluster.input());
        Path staged = cluster.input().resolve("." + name + ".part");
        Files.writeString(staged, String.join("\n", ids) + "\n", StandardCharsets.UTF_8);
        Files.move(staged, cluster.input().resolve(name));
    }

    /** The ids with an outcome at one instance: records or dead letters in its own files. */
    static List<String> outcomes(Instances cluster, String instance) throws Exception {
        return Stream.concat(TestApp.jsonLines(cluster.output("phones-" + instance + ".jsonl")).stream(),
                        TestApp.jsonLines(cluster.output("dead-letter-" + instance + ".jsonl")).stream())
                .map(r -> r.get("customerId")).map(JsonNode::asText).distinct().collect(Collectors.toList());
    }
}
