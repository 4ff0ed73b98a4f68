package com.omedaphonesync.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka 4.1 broker in KRaft mode inside the test JVM: one node that is broker and controller at once,
 * listening on free loopback ports, its logs in a temporary folder deleted when it stops. As a JUnit extension
 * ({@code @RegisterExtension static final EmbeddedKafka KAFKA = new EmbeddedKafka();}) it starts before a test
 * class and stops after it, failed or not; {@link #start()} and {@link #close()} serve other callers.
 * <p>
 * Sized for a busy 2-core machine: few threads, one partition for the internal topics, and a
 * consumer group that forms at once instead of waiting for more members.
 */
public final class EmbeddedKafka implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Duration READY = Duration.ofSeconds(60);

    private KafkaClusterTestKit cluster;
    private Admin admin;

    public EmbeddedKafka start() throws Exception {
        Path logs = Files.createTempDirectory("omeda-kafka");
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(logs)
                .build())
                .setDeleteOnClose(true);
        Map.of("offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0",
                "num.network.threads", "1",
                "num.io.threads", "2",
                "background.threads", "2")
                .forEach(builder::setConfigProp);
        cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /** {@code host:port} of the broker, for {@code brokers=} or {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** A new topic with a unique name (tests of one class share the broker). */
    public String createTopic(String prefix, int partitions) throws ExecutionException, InterruptedException {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        // the metadata of a topic just created may lag behind: "unknown topic" until it is there
        await().atMost(READY).ignoreExceptions().until(() -> admin.describeTopics(List.of(topic)).allTopicNames()
                .get().get(topic).partitions().stream().allMatch(p -> p.leader() != null));
        return topic;
    }

    /** Sends text records, in order, and waits until the broker has them. */
    public void send(String topic, String key, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
        }
    }

    /** Every record now on the topic, partition by partition, each in offset order. */
    public List<ConsumerRecord<String, String>> records(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(READY).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** The offset a consumer group has committed on partition 0 of the topic; 0 when none. */
    public long committedOffset(String group, String topic) throws Exception {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(topic, 0));
        return committed == null ? 0 : committed.offset();
    }

    /** The offset the next record of partition 0 of the topic will get. */
    public long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    @Override
    public void close() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }
}
