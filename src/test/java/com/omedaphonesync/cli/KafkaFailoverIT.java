package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.support.EmbeddedKafka;

/**
 * Issue 12, scale-out through the consumer group: two service JVMs in one consumer group share a topic of ids
 * with six partitions, each writing the records to one output topic. Each is frozen by its own proxy with a
 * record in flight, two of its three ids done and the third held; one is then killed with SIGKILL, more ids
 * come, and the other takes the dead one's partitions once the group's session timeout (6 s) has passed. Every
 * id must reach an outcome; the output topic must hold every customer's records in Omeda's order (a repeat
 * writes them again from the first); the ids given twice are printed, and must be exactly the ids done of the
 * record the dead instance had in flight (one a consumer: one record a poll, its offset committed after its
 * outcomes), which the survivor names in its log.
 */
class KafkaFailoverIT extends JarAgainstSimulator {
    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(45);
    private static final String BRAND = "KAFKA";
    private static final String GROUP = "omeda-failover";
    private static final int PARTITIONS = 6;
    private static final int RECORDS_BEFORE_KILL = 60;
    private static final int RECORDS_AFTER_KILL = 30;
    private static final int MOST_IDS_A_RECORD = 3;
    /** Customer ids whose lookups the proxies hold: one in a record of each partition, after two others. */
    private static final String HELD = "HELD";
    /** The position, in each partition, of the record with a held id: records before it are done. */
    private static final int HELD_RECORD = 3;
    /** The prefix of the ids sent before the kill. */
    private static final String BEFORE_KILL = "PRE";
    /** The broker's smallest session timeout: how long the group takes to notice the dead instance. */
    private static final int SESSION_TIMEOUT_MS = 6_000;

    private final Random random = new Random(12);
    /** Every source record sent, by partition and offset, with its ids. */
    private final Map<TopicPartition, Map<Long, List<String>>> sent = new HashMap<>();
    private String idsTopic;
    private String phonesTopic;

    @Test
    void sigkillOfOneOfTwoInstancesLosesNoIdKeepsEachCustomersOrderAndRepeatsOnlyTheRecordInFlight()
            throws Exception {
        idsTopic = KAFKA.createTopic("customer-ids", PARTITIONS);
        phonesTopic = KAFKA.createTopic("phones", 3);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()));
                KafkaProducer<String, String> producer = producer();
                Instance a = new Instance("instance-a");
                Instance b = new Instance("instance-b")) {
            long started = System.nanoTime();
            a.start();
            b.start();
            awaitUntil("both instances in the group, each with partitions", List.of(a, b),
                    () -> !a.partitions(admin).isEmpty() && !b.partitions(admin).isEmpty());
            Set<Integer> partitionsOfA = a.partitions(admin);
            long grouped = System.nanoTime();

            send(producer, BEFORE_KILL, RECORDS_BEFORE_KILL);
            awaitUntil("both instances frozen with a record in flight", List.of(a, b),
                    () -> !a.proxy.held().isEmpty() && !b.proxy.held().isEmpty());
            assertThat(a.proxy.held()).as("one consumer: one record in flight").hasSize(1);
            String inFlight = recordOf(a.proxy.held().get(0));
            List<String> doneInFlight = idsOf(inFlight).stream().filter(id -> !id.startsWith(HELD)).toList();
            awaitUntil("the other ids of the record in flight done, their records all written", List.of(a, b),
                    () -> outcomes(a, b).allDone(doneInFlight));
            a.running.process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(a.running.process.isAlive()).isFalse();

            long killed = System.nanoTime();
            Map<TopicPartition, Long> committedAtKill = committed(admin);
            Outcomes atKill = outcomes(a, b);
            Map<String, List<String>> headsOfA = new TreeMap<>();
            for (int p : partitionsOfA) {
                TopicPartition partition = new TopicPartition(idsTopic, p);
                long offset = committedAtKill.getOrDefault(partition, 0L);
                headsOfA.put(idsTopic + "/" + p + "@" + offset,
                        sent.getOrDefault(partition, Map.of()).getOrDefault(offset, List.of()));
            }

            b.proxy.open();
            send(producer, "POST", RECORDS_AFTER_KILL);
            List<String> all = allIds();
            awaitUntil("every id with its outcome and every record committed", List.of(b),
                    () -> outcomes(a, b).idsWithOutcome(all).size() == all.size()
                            && committed(admin).equals(endOffsets(admin)));
            Outcomes end = outcomes(a, b);
            long finished = System.nanoTime();
            JarProcess.Result survivor = b.running.terminate(STOP);
            JarProcess.Result dead = a.running.result();

            Map<String, Integer> repeats = end.repeats(all);
            System.out.printf("Kafka failover: instance-a had partitions %s, the records at their committed offsets "
                    + "at the SIGKILL %s, %s in flight with %s done; after the takeover %d of %d ids repeated: %s%n",
                    partitionsOfA, headsOfA, inFlight, doneInFlight, repeats.size(), all.size(), repeats);
            System.out.printf("Kafka failover: group formed %d s after the start, the kill %d s later, every id "
                    + "done %d s after the kill%n", seconds(started, grouped), seconds(grouped, killed),
                    seconds(killed, finished));

            assertThat(end.idsWithOutcome(all)).as("every id reached an outcome\n%s", survivor.describe())
                    .hasSize(all.size());
            assertThat(end.wrongKeys()).as("records keyed brand:customerId").isEmpty();
            assertThat(end.outOfOrder()).as("each customer's records in Omeda's order (per key, in offset order), "
                    + "a repeat a whole copy after the first").isEmpty();
            assertThat(end.deadLetterIds()).as("only the unknown customers are dead letters")
                    .allMatch(id -> id.startsWith("NOTFOUND"));
            assertThat(headsOfA).as("the record in flight was not committed").containsKey(inFlight);
            assertThat(repeats.keySet()).as("only ids done before the kill may repeat")
                    .isSubsetOf(atKill.idsWithOutcome(all));
            assertThat(repeats.keySet()).as("the repeats are exactly the ids of the record in flight at the kill "
                    + "that were done then").containsExactlyInAnyOrderElementsOf(doneInFlight);
            assertThat(repeats.values()).as("each repeated once").allMatch(times -> times == 2);
            for (String head : headsOfA.keySet()) {
                String partition = head.substring(0, head.indexOf('@'));
                String offset = head.substring(head.indexOf('@') + 1);
                assertThat(survivor.stdout()).as("the survivor names where a repeat may come from\n%s",
                        survivor.describe()).contains("Kafka partition " + partition
                                + ": first record taken here at offset " + offset + ";");
            }
            assertThat(survivor.exitCode()).as(survivor.describe()).isIn(0, 143);
            survivor.assertNeverPrints(APP_ID);
            dead.assertNeverPrints(APP_ID);
            JarProcess.assertNoFileContains(dir, APP_ID);
            assertThat(KAFKA.records(phonesTopic)).extracting(ConsumerRecord::value)
                    .noneMatch(value -> value.contains(APP_ID));
        }
    }

    private static long seconds(long from, long to) {
        return TimeUnit.NANOSECONDS.toSeconds(to - from);
    }

    /** One service JVM in the group, behind a proxy of its own, in a folder of its own. */
    private final class Instance implements AutoCloseable {
        final String name;
        final HoldingProxy proxy;
        final JarProcess jar;
        JarProcess.Running running;

        Instance(String name) throws Exception {
            this.name = name;
            this.proxy = new HoldingProxy(simulator.baseUrl(), HELD);
            this.jar = JarProcess.in(dir.resolve(name));
        }

        void start() throws Exception {
            String brokers = KAFKA.bootstrapServers();
            running = jar.start("run", "--omeda.base-url=" + proxy.baseUrl(), "--omeda.brand=" + BRAND,
                    "--omeda.app-id=" + APP_ID, "--omeda.source.file.enabled=false",
                    "--omeda.source.queue.enabled=true",
                    "--omeda.source.queue.uri=kafka:" + idsTopic + "?brokers=" + brokers + "&groupId=" + GROUP
                            + "&clientId=" + name + "&sessionTimeoutMs=" + SESSION_TIMEOUT_MS
                            + "&heartbeatIntervalMs=1000",
                    "--omeda.output.uris=kafka:" + phonesTopic + "?brokers=" + brokers,
                    "--camel.management.port=" + JarProcess.freePort());
        }

        /** The partitions of the ids topic the group has given this instance. */
        Set<Integer> partitions(Admin admin) throws Exception {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            Set<Integer> partitions = new HashSet<>();
            for (MemberDescription member : group.members()) {
                if (member.clientId().startsWith(name)) {
                    member.assignment().topicPartitions().forEach(p -> partitions.add(p.partition()));
                }
            }
            return partitions;
        }

        Path deadLetters() {
            return jar.workDir().resolve("output").resolve("dead-letter.jsonl");
        }

        @Override
        public void close() throws Exception {
            proxy.close();
            if (running != null) {
                running.close();
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /**
     * Records of 1 to 3 ids each (lines), spread over the partitions in turn; in the first batch, record
     * {@link #HELD_RECORD} of each partition has two ids and a held one.
     */
    private void send(KafkaProducer<String, String> producer, String prefix, int records) throws Exception {
        for (int r = 0; r < records; r++) {
            List<String> ids;
            if (r / PARTITIONS != HELD_RECORD || !prefix.equals(BEFORE_KILL)) {
                ids = ids(prefix + r + "x", 1 + random.nextInt(MOST_IDS_A_RECORD));
            } else {
                ids = new ArrayList<>(ids(prefix + r + "x", MOST_IDS_A_RECORD - 1));
                ids.add(heldId(prefix + r + "x"));
            }
            RecordMetadata at = producer.send(new ProducerRecord<>(idsTopic, r % PARTITIONS, null,
                    String.join("\n", ids))).get();
            sent.computeIfAbsent(new TopicPartition(idsTopic, at.partition()), p -> new HashMap<>())
                    .put(at.offset(), ids);
        }
    }

    /** Distinct ids that leave a trace: customers with phones, and now and then one unknown to Omeda. */
    private List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int n = 0; ids.size() < count; n++) {
            String id = prefix + n + "r" + random.nextInt(1_000_000);
            if (random.nextInt(10) == 0) {
                ids.add("NOTFOUND" + id);
            } else if (SimulatedCustomers.phoneCount(id) > 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** {@code topic/partition@offset} of the record that holds the id. */
    private String recordOf(String id) {
        for (Map.Entry<TopicPartition, Map<Long, List<String>>> partition : sent.entrySet()) {
            for (Map.Entry<Long, List<String>> record : partition.getValue().entrySet()) {
                if (record.getValue().contains(id)) {
                    return idsTopic + "/" + partition.getKey().partition() + "@" + record.getKey();
                }
            }
        }
        throw new AssertionError("no record holds " + id);
    }

    private List<String> idsOf(String record) {
        int at = record.lastIndexOf('@');
        int partition = Integer.parseInt(record.substring(record.lastIndexOf('/') + 1, at));
        return sent.get(new TopicPartition(idsTopic, partition)).get(Long.parseLong(record.substring(at + 1)));
    }

    /** An id whose lookup the proxies hold, of a customer with phones. */
    private String heldId(String prefix) {
        for (int n = 0;; n++) {
            String id = HELD + prefix + n + "r" + random.nextInt(1_000_000);
            if (SimulatedCustomers.phoneCount(id) > 0) {
                return id;
            }
        }
    }

    private List<String> allIds() {
        return sent.values().stream().flatMap(records -> records.values().stream()).flatMap(List::stream).toList();
    }

    private Map<TopicPartition, Long> committed(Admin admin) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getValue() != null) {
                offsets.put(e.getKey(), e.getValue().offset());
            }
        }
        return offsets;
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(idsTopic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private Outcomes outcomes(Instance... instances) throws Exception {
        Map<String, List<List<Long>>> writes = new HashMap<>();
        List<String> wrongKeys = new ArrayList<>();
        for (ConsumerRecord<String, String> record : KAFKA.records(phonesTopic)) {
            JsonNode value = JSON.readTree(record.value());
            String id = value.get("customerId").asText();
            if (!record.key().equals(BRAND + ":" + id)) {
                wrongKeys.add(record.key() + " for " + id);
            }
            long phoneId = value.get("phoneId").asLong();
            List<List<Long>> runs = writes.computeIfAbsent(id, k -> new ArrayList<>());
            if (runs.isEmpty() || phoneId == omedaOrder(id).get(0)) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(phoneId);
        }
        Map<String, Integer> deadLetters = new HashMap<>();
        for (Instance instance : instances) {
            for (String line : lines(instance.deadLetters())) {
                deadLetters.merge(JSON.readTree(line).get("customerId").asText(), 1, Integer::sum);
            }
        }
        return new Outcomes(writes, deadLetters, wrongKeys);
    }

    /** The phone ids of a customer in the order Omeda gives them. */
    static List<Long> omedaOrder(String id) {
        List<Long> order = new ArrayList<>();
        for (Object phone : (List<?>) SimulatedCustomers.answer("", BRAND, id).get("PhoneNumbers")) {
            order.add(((Number) ((Map<?, ?>) phone).get("Id")).longValue());
        }
        return order;
    }

    /**
     * What the output topic and the dead-letter files hold: for each customer, the runs of its records as they
     * stand on its partition (a run starts at Omeda's first phone), its dead letters, and records keyed wrong.
     */
    private record Outcomes(Map<String, List<List<Long>>> writes, Map<String, Integer> deadLetters,
            List<String> wrongKeys) {
        int outcomesOf(String id) {
            return writes.getOrDefault(id, List.of()).size() + deadLetters.getOrDefault(id, 0);
        }

        Set<String> idsWithOutcome(List<String> ids) {
            return ids.stream().filter(id -> outcomesOf(id) > 0).collect(Collectors.toSet());
        }

        Map<String, Integer> repeats(List<String> ids) {
            Map<String, Integer> repeats = new LinkedHashMap<>();
            ids.stream().filter(id -> outcomesOf(id) > 1).forEach(id -> repeats.put(id, outcomesOf(id)));
            return repeats;
        }

        /**
         * Whether each id has a dead letter or all its records, in Omeda's order. The kill comes once the ids done
         * of the record in flight are done so, and nothing else is in flight: no write is cut short.
         */
        boolean allDone(List<String> ids) {
            return ids.stream().allMatch(id -> deadLetters.containsKey(id) || (writes.containsKey(id)
                    && writes.get(id).get(writes.get(id).size() - 1).equals(omedaOrder(id))));
        }

        /** Customers whose records are not whole copies of Omeda's list, in its order. */
        Map<String, List<List<Long>>> outOfOrder() {
            Map<String, List<List<Long>>> wrong = new TreeMap<>();
            writes.forEach((id, runs) -> {
                List<Long> order = omedaOrder(id);
                if (!runs.stream().allMatch(order::equals)) {
                    wrong.put(id, runs);
                }
            });
            return wrong;
        }

        Set<String> deadLetterIds() {
            return deadLetters.keySet();
        }
    }

    private static void awaitUntil(String what, List<Instance> alive, Callable<Boolean> condition) {
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .failFast("an instance ended", () -> alive.stream().anyMatch(i -> !i.running.process.isAlive()))
                    .until(condition);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            StringBuilder output = new StringBuilder(e.getMessage());
            alive.forEach(i -> output.append('\n').append(i.running.output()));
            throw new AssertionError(output.toString(), e);
        }
    }
}
