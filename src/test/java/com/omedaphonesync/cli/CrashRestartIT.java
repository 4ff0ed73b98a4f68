package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.JmsClient;

/**
 * Issue 3, crash and restart (SPEC.md section 5, "a crash never loses an id; it may repeat one"): the service as
 * its own JVM with the embedded broker's persistent journal, a dropped file of 2,000 ids and a few hundred queue
 * messages, stopped while ids are in flight (SIGKILL, or SIGTERM), then started again on the same folders.
 * Every id must reach an outcome; the ids given one more than once are counted, printed, and bounded by what
 * the design promises: after SIGKILL, the file repeats only ids done since its last checkpoint and the queue
 * only the messages in flight; after SIGTERM nothing repeats at all.
 */
class CrashRestartIT extends JarAgainstSimulator {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(45);
    private static final List<Integer> EXIT_ON_SIGTERM = List.of(0, 143);
    private static final String QUEUE = "omeda.customer-ids";
    private static final String FILE = "crash-ids.txt";
    private static final int FILE_IDS = 2_000;
    private static final int MESSAGES = 400;
    private static final int MOST_IDS_A_MESSAGE = 5;
    /** The service's default omeda.http.concurrency: the JMS consumers, so the messages in flight at once. */
    private static final int CONCURRENCY = 8;

    /** Answers take a while, so that a stop always finds ids in flight. */
    private static OmedaSimulator slowOmeda;

    @BeforeAll
    static void startSlowOmeda() throws IOException {
        slowOmeda = OmedaSimulator.start(SimulatorOptions.builder().appId(APP_ID).latencyMillis(30).build());
    }

    @AfterAll
    static void stopSlowOmeda() {
        if (slowOmeda != null) {
            slowOmeda.close();
        }
    }

    @Test
    void sigkillWhileIdsAreInFlightLosesNoIdAndRepeatsOnlyIdsDoneSinceTheCheckpointOrInFlightMessages()
            throws Exception {
        try (Scenario run = new Scenario(1)) {
            sigkill(run);
        }
    }

    private void sigkill(Scenario run) throws Exception {
        JarProcess.Running first = run.startAndFeedUntilHalfWay();
        first.process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(first.process.isAlive()).isFalse();
        run.omeda.open();

        Outcomes atKill = run.outcomes();
        long checkpoint = run.checkpoint();
        Set<String> fileIdsDoneAtKill = atKill.idsWithOutcome(run.fileIds);
        assertThat(checkpoint).as("a checkpoint saved before the kill").isPositive();

        JarProcess.Running second = run.restartAndFinish();
        Outcomes end = run.outcomes();
        JarProcess.Result stopped = second.terminate(STOP);
        run.assertEveryIdHasAnOutcome(end, stopped);

        Map<String, Integer> fileRepeats = end.repeats(run.fileIds);
        Map<String, Integer> queueRepeats = end.repeats(run.queueIds());
        System.out.printf("SIGKILL: file %d of %d ids done at the kill, checkpoint %d; after restart %d file ids "
                + "repeated %s, %d queue ids repeated %s%n", fileIdsDoneAtKill.size(), FILE_IDS, checkpoint,
                fileRepeats.size(), fileRepeats.keySet(), queueRepeats.size(), queueRepeats.keySet());

        assertThat(stopped.stdout()).as(stopped.describe())
                .contains("Resuming " + FILE + " after " + checkpoint + " ids");
        List<String> checkpointed = run.fileIds.subList(0, (int) checkpoint);
        assertThat(fileRepeats.keySet()).as("no id of the checkpointed prefix is looked up again")
                .doesNotContainAnyElementsOf(checkpointed);
        assertThat(fileRepeats.keySet()).as("only ids done at the kill, beyond the checkpoint, may repeat")
                .isSubsetOf(fileIdsDoneAtKill);
        assertThat(fileRepeats.size()).as("file repeats: at most the ids done since the last checkpoint")
                .isLessThanOrEqualTo(fileIdsDoneAtKill.size() - (int) checkpoint);
        assertThat(fileRepeats.values()).as("each repeated once at most").allMatch(times -> times == 2);
        assertThat(queueRepeats.size()).as("queue repeats: at most the ids of the messages in flight at the kill")
                .isLessThanOrEqualTo(CONCURRENCY * MOST_IDS_A_MESSAGE);
        run.assertFinished(stopped);
    }

    @Test
    void sigtermFinishesTheIdsInFlightAndTheRestartRepeatsNone() throws Exception {
        try (Scenario run = new Scenario(2)) {
            sigterm(run);
        }
    }

    private void sigterm(Scenario run) throws Exception {
        JarProcess.Running first = run.startAndFeedUntilHalfWay();
        run.omeda.open();
        JarProcess.Result terminated = first.terminate(STOP);
        assertThat(terminated.exitCode()).as(terminated.describe()).isIn(EXIT_ON_SIGTERM);
        assertThat(terminated.stdout()).as("Camel shut down rather than being cut off\n%s", terminated.describe())
                .contains("(omeda-phone-sync) shutdown in");

        Outcomes atStop = run.outcomes();
        long checkpoint = run.checkpoint();
        Set<String> fileIdsDoneAtStop = atStop.idsWithOutcome(run.fileIds);
        System.out.printf("SIGTERM: file %d of %d ids done at the stop, checkpoint %d; queue %d of %d ids done%n",
                fileIdsDoneAtStop.size(), FILE_IDS, checkpoint, atStop.idsWithOutcome(run.queueIds()).size(),
                run.queueIds().size());
        assertThat(fileIdsDoneAtStop).as("the ids done at the stop are exactly the checkpointed leading ids: "
                + "every id in flight finished and none beyond was started\n%s", terminated.describe())
                .containsExactlyInAnyOrderElementsOf(run.fileIds.subList(0, (int) checkpoint));
        assertThat(atStop.repeats(run.allIds())).as("no repeats before the restart").isEmpty();

        JarProcess.Running second = run.restartAndFinish();
        Outcomes end = run.outcomes();
        JarProcess.Result stopped = second.terminate(STOP);
        run.assertEveryIdHasAnOutcome(end, stopped);
        assertThat(end.repeats(run.allIds())).as("a graceful stop and a restart repeat no id\n%s", stopped.describe())
                .isEmpty();
        run.assertFinished(stopped);
    }

    /** One service's folders, broker journal and ids, across its two runs. */
    private final class Scenario implements AutoCloseable {
        final JarProcess jar = JarProcess.in(dir);
        /** Freezes the first run with the file and the queue partly done: 300 file lookups and 20 queue ones. */
        final GatingProxy omeda;
        final Path drop;
        final Path output;
        final int brokerPort;
        final List<String> fileIds;
        final List<List<String>> messages;
        final List<String> args;
        private JarProcess.Running running;

        Scenario(int seed) throws IOException {
            drop = Files.createDirectories(dir.resolve("drop"));
            output = jar.workDir().resolve("output");
            brokerPort = JarProcess.freePort();
            omeda = new GatingProxy(slowOmeda.baseUrl(), 300, 20);
            Random random = new Random(seed);
            fileIds = ids("F", FILE_IDS, random);
            messages = new ArrayList<>();
            for (int m = 0; m < MESSAGES; m++) {
                messages.add(ids("Q" + m + "x", 1 + random.nextInt(MOST_IDS_A_MESSAGE), random));
            }
            args = List.of("run", "--omeda.base-url=" + omeda.baseUrl(), "--omeda.brand=CRASH",
                    "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=" + drop,
                    "--omeda.source.queue.enabled=true", "--omeda.broker.embedded=true",
                    "--omeda.broker.url=tcp://localhost:" + brokerPort,
                    "--omeda.broker.data-dir=" + dir.resolve("broker-journal"),
                    "--camel.management.port=" + JarProcess.freePort());
        }

        List<String> queueIds() {
            return messages.stream().flatMap(List::stream).toList();
        }

        List<String> allIds() {
            List<String> all = new ArrayList<>(fileIds);
            all.addAll(queueIds());
            return all;
        }

        /**
         * Starts the service, drops the file, sends the messages once the file is being read, and returns once the
         * proxy has frozen the run with the file and the queue partly done and the file's checkpoint is saved.
         */
        JarProcess.Running startAndFeedUntilHalfWay() throws Exception {
            running = jar.start(args.toArray(String[]::new));
            try (JmsClient jms = connect()) {
                Files.writeString(drop.resolve("." + FILE), String.join("\n", fileIds) + "\n", StandardCharsets.UTF_8);
                Files.move(drop.resolve("." + FILE), drop.resolve(FILE));
                awaitUntil("the file being read", () -> !outcomes().idsWithOutcome(fileIds).isEmpty());
                for (List<String> message : messages) {
                    jms.send(QUEUE, String.join("\n", message));
                }
            }
            List<String> queueIds = queueIds();
            awaitUntil("the run frozen with a checkpoint and queue ids done", () -> omeda.isClosed()
                    && checkpoint() > 0 && !outcomes().idsWithOutcome(queueIds).isEmpty());
            Outcomes frozen = outcomes();
            assertThat(frozen.idsWithOutcome(fileIds)).as("the file partly done").hasSizeLessThan(FILE_IDS);
            assertThat(frozen.idsWithOutcome(queueIds)).as("the queue partly done").hasSizeLessThan(queueIds.size());
            return running;
        }

        /**
         * Starts the service again on the same folders and journal; returns once every id has its outcome and no
         * message is left on the queue (a browser sees what waits there, unlike a consumer racing the service's).
         */
        JarProcess.Running restartAndFinish() throws Exception {
            running = jar.start(args.toArray(String[]::new));
            List<String> all = allIds();
            awaitUntil("every id with its outcome and the file in .done/",
                    () -> Files.exists(drop.resolve(".done").resolve(FILE))
                            && outcomes().idsWithOutcome(all).size() == all.size());
            try (JmsClient jms = connect()) {
                awaitUntil("the queue empty", () -> jms.browse(QUEUE).isEmpty());
            }
            return running;
        }

        @Override
        public void close() {
            omeda.close();
        }

        void assertEveryIdHasAnOutcome(Outcomes end, JarProcess.Result stopped) {
            assertThat(end.unevenRecords()).as("every enriched id has all its records").isEmpty();
            List<String> all = allIds();
            assertThat(end.idsWithOutcome(all)).as("every id reached an outcome\n%s", stopped.describe())
                    .hasSize(all.size());
        }

        void assertFinished(JarProcess.Result stopped) throws Exception {
            assertThat(stopped.exitCode()).as(stopped.describe()).isIn(EXIT_ON_SIGTERM);
            assertThat(drop.resolve(FILE)).doesNotExist();
            assertThat(drop.resolve(".done").resolve(FILE)).exists();
            assertThat(drop.resolve(".checkpoint").resolve(FILE)).as("deleted with the file done").doesNotExist();
            stopped.assertNeverPrints(APP_ID);
            JarProcess.assertNoFileContains(output, APP_ID);
            JarProcess.assertNoFileContains(drop, APP_ID);
        }

        /** The leading ids of the file that the checkpoint beside it says are done; 0 without one. */
        long checkpoint() throws IOException {
            return JarProcess.checkpoint(drop, FILE);
        }

        Outcomes outcomes() throws IOException {
            return Outcomes.read(output.resolve("phones.jsonl"), output.resolve("dead-letter.jsonl"));
        }

        /** A client of the service's embedded broker, once it accepts connections. */
        JmsClient connect() {
            List<JmsClient> client = new ArrayList<>();
            awaitUntil("the embedded broker accepting connections",
                    () -> client.add(new JmsClient("tcp://localhost:" + brokerPort)));
            return client.get(0);
        }

        void awaitUntil(String what, Callable<Boolean> condition) {
            try {
                await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .failFast("the process ended", () -> !running.process.isAlive())
                        .until(condition);
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                throw new AssertionError(e.getMessage() + "\n" + running.output(), e);
            }
        }
    }

    /**
     * Distinct ids that leave a trace: customers with at least one phone, and every tenth one unknown to Omeda
     * (a dead letter). An enriched customer without phones would have no line anywhere to count.
     */
    private static List<String> ids(String prefix, int count, Random random) {
        List<String> ids = new ArrayList<>(count);
        int n = 0;
        while (ids.size() < count) {
            String id = prefix + (n++) + "r" + random.nextInt(1_000_000);
            if (ids.size() % 10 == 9) {
                ids.add("NOTFOUND" + id);
            } else if (SimulatedCustomers.phoneCount(id) > 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** How many outcomes each id has in the output files: its records over its phone count, or its dead letters. */
    private record Outcomes(Map<String, Integer> records, Map<String, Integer> deadLetters) {
        static Outcomes read(Path phones, Path deadLetters) throws IOException {
            return new Outcomes(countByCustomer(phones), countByCustomer(deadLetters));
        }

        private static Map<String, Integer> countByCustomer(Path file) throws IOException {
            Map<String, Integer> counts = new HashMap<>();
            for (String line : lines(file)) {
                JsonNode node = JSON.readTree(line);
                counts.merge(node.get("customerId").asText(), 1, Integer::sum);
            }
            return counts;
        }

        int outcomesOf(String id) {
            int lines = records.getOrDefault(id, 0);
            return (lines == 0 ? 0 : lines / SimulatedCustomers.phoneCount(id)) + deadLetters.getOrDefault(id, 0);
        }

        Set<String> idsWithOutcome(List<String> ids) {
            return ids.stream().filter(id -> outcomesOf(id) > 0).collect(Collectors.toSet());
        }

        /** The ids given more than one outcome, with how many. */
        Map<String, Integer> repeats(List<String> ids) {
            Map<String, Integer> repeats = new LinkedHashMap<>();
            ids.stream().filter(id -> outcomesOf(id) > 1).forEach(id -> repeats.put(id, outcomesOf(id)));
            return repeats;
        }

        /** Enriched ids whose records are not a whole number of answers: a torn or partial write. */
        List<String> unevenRecords() {
            return records.entrySet().stream()
                    .filter(e -> e.getValue() % SimulatedCustomers.phoneCount(e.getKey()) != 0)
                    .map(Map.Entry::getKey).toList();
        }
    }
}
