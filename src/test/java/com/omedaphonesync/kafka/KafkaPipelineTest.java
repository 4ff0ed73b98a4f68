package com.omedaphonesync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.EmbeddedKafka;
import com.omedaphonesync.support.TestApp;

/**
 * Kafka through the product's own routes, against a real broker: ids read from a topic by the queue source,
 * looked up, and written to an output topic, one record per phone keyed by the customer; each source record's
 * offset is committed once its ids have their outcomes.
 */
class KafkaPipelineTest {
    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void idsFromATopicReachAnOutputTopicKeyedByCustomerAndTheOffsetsAreCommitted() throws Exception {
        String ids = KAFKA.createTopic("ids", 1);
        String phones = KAFKA.createTopic("phones", 3);
        String brokers = KAFKA.bootstrapServers();
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(), Map.of(
                "omeda.source.file.enabled", "false",
                "omeda.source.queue.enabled", "true",
                "omeda.source.queue.uri", "kafka:" + ids + "?brokers=" + brokers + "&groupId=omeda-test",
                "omeda.output.uris", "file:" + dir.resolve("output") + "?fileName=phones.jsonl,kafka:" + phones
                        + "?brokers=" + brokers))) {
            KAFKA.send(ids, null, "12345", "54321\n1001", "{\"customerId\": \"NOTFOUND7\"}");

            await().atMost(WAIT).until(() -> KAFKA.committedOffset("omeda-test", ids) == 3);
            int expected = SimulatedCustomers.phoneCount("12345") + SimulatedCustomers.phoneCount("54321")
                    + SimulatedCustomers.phoneCount("1001");
            List<ConsumerRecord<String, String>> written = KAFKA.records(phones);
            assertThat(written).hasSize(expected);
            for (ConsumerRecord<String, String> record : written) {
                JsonNode value = JSON.readTree(record.value());
                assertThat(record.key()).isEqualTo(TestApp.BRAND + ":" + value.get("customerId").asText());
                assertThat(value.get("source").asText()).isEqualTo("queue");
            }
            assertThat(written).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(test.records().stream().map(JsonNode::toString).toList());
            assertThat(test.deadLettersOf("NOTFOUND7")).hasSize(1);
            assertThat(written).allSatisfy(record -> assertThat(record.headers()).isEmpty());
        }
    }
}
