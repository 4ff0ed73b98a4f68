package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.TestApp;

/**
 * The queue source over a real embedded ActiveMQ Artemis broker on a TCP port, fed and inspected by a plain JMS
 * client as another system would (SPEC.md sections 1, 4 and 5).
 */
class QueueSourceTest {
    static final String QUEUE = "omeda.customer-ids";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;


    @Test
    void bareIdJsonObjectAndJsonArrayMessagesAreEnrichedWithSourceQueue() throws Exception {
        String broker = FreePort.brokerUrl();
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                TestApp.queueService(broker, Map.of()));
                JmsClient jms = new JmsClient(broker)) {
            jms.send(QUEUE, "12345");
            jms.send(QUEUE, "{\"customerId\": \"54321\", \"brand\": \"OTHER\"}");
            jms.send(QUEUE, "[{\"customerId\": \"1001\"}, {\"customerId\": \"NOTFOUND9\", \"brand\": \"B2\"},"
                    + " {\"customerId\": \"1001\"}]");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.recordsOf("12345")).hasSize(2);
                assertThat(test.recordsOf("54321")).hasSize(SimulatedCustomers.phoneCount("54321"));
                assertThat(test.recordsOf("1001")).hasSize(SimulatedCustomers.phoneCount("1001"));
                assertThat(test.deadLettersOf("NOTFOUND9")).hasSize(1);
            });
            assertThat(test.records()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("queue"));
            assertThat(test.recordsOf("12345")).allSatisfy(r -> assertThat(r.get("brand").asText())
                    .isEqualTo(TestApp.BRAND));
            assertThat(test.recordsOf("54321")).allSatisfy(r -> assertThat(r.get("brand").asText())
                    .isEqualTo("OTHER"));
            JsonNode letter = test.deadLettersOf("NOTFOUND9").get(0);
            assertThat(letter.get("source").asText()).isEqualTo("queue");
            assertThat(letter.get("brand").asText()).isEqualTo("B2");
            assertThat(letter.get("reason").asText()).isEqualTo("NOT_FOUND");
            assertThat(test.simulator().requestsFor("54321")).singleElement()
                    .satisfies(r -> assertThat(r.brand()).isEqualTo("OTHER"));
            // the repeat within one message is looked up once
            assertThat(test.simulator().requestsFor("1001")).hasSize(1);
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
        }
    }

    @Test
    void messageWhoseRecordsCannotBeWrittenStaysOnTheQueueAndNoIdIsLost() throws Exception {
        String broker = FreePort.brokerUrl();
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a regular file where the output folder should be");
        String body = "12345\n1001\nNOTFOUND3\n";
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                TestApp.queueService(broker,
                        Map.of("omeda.output.uris", "file:" + blocked + "?fileName=phones.jsonl")));
                JmsClient jms = new JmsClient(broker)) {
            jms.send(QUEUE, body);

            // the write fails, the transaction rolls back and the broker delivers the message again
            await().atMost(WAIT).until(() -> test.simulator().requestsFor("12345").size() >= 2);
            test.app().context().getRouteController().stopRoute("queue-source");
            assertThat(test.app().context().getRouteController().getRouteStatus("queue-source"))
                    .isEqualTo(ServiceStatus.Stopped);

            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE))
                    .extracting(JmsClient.Seen::body).containsExactly(body));
            assertThat(test.dir().resolve("blocked")).isRegularFile();

            // once the output can be written again, the same message gives every id its outcome
            Files.delete(blocked);
            test.app().context().getRouteController().startRoute("queue-source");
            Path written = blocked.resolve("phones.jsonl");
            await().atMost(WAIT).untilAsserted(() -> {
                List<JsonNode> records = TestApp.jsonLines(written);
                assertThat(records).filteredOn(r -> r.get("customerId").asText().equals("12345")).hasSize(2);
                assertThat(records).filteredOn(r -> r.get("customerId").asText().equals("1001"))
                        .hasSize(SimulatedCustomers.phoneCount("1001"));
                assertThat(records).allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("queue"));
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
            // at-least-once: the dead letter may repeat, but it is there
            assertThat(test.deadLettersOf("NOTFOUND3")).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.get("source").asText()).isEqualTo("queue"));
            assertThat(jms.browse("DLQ")).isEmpty();
        }
    }

    @Test
    void messageWhoseDeadLetterCannotBeWrittenStaysOnTheQueue() throws Exception {
        String broker = FreePort.brokerUrl();
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a regular file where the dead-letter folder should be");
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                TestApp.queueService(broker,
                        Map.of("omeda.dead-letter.uri", "file:" + blocked + "?fileName=dead.jsonl")));
                JmsClient jms = new JmsClient(broker)) {
            jms.send(QUEUE, "NOTFOUND7");

            await().atMost(WAIT).until(() -> test.simulator().requestsFor("NOTFOUND7").size() >= 2);
            test.app().context().getRouteController().stopRoute("queue-source");
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE))
                    .extracting(JmsClient.Seen::body).containsExactly("NOTFOUND7"));

            Files.delete(blocked);
            test.app().context().getRouteController().startRoute("queue-source");
            await().atMost(WAIT).untilAsserted(() -> assertThat(TestApp.jsonLines(blocked.resolve("dead.jsonl")))
                    .singleElement().satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("NOT_FOUND")));
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
        }
    }
}
