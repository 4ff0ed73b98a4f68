package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.broker.EmbeddedBroker;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;
import com.omedaphonesync.support.Unwritable;

/**
 * Outputs that go down while the service runs (issue 3, item 4): the ids in flight are held, the dropped file
 * stays, and once the output is back the same file gives every id its outcome. {@link UnwritableOutputTest}
 * covers the unit failing in a batch, QueueSourceTest and PoisonMessageTest the queue message rolling back.
 */
class OutputRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHONES = "omeda.phones";
    private static final String SOURCE_QUEUE = "omeda.customer-ids";

    @TempDir
    Path dir;

    private static boolean staysInDropFolder(LogCapture log, String file) {
        return log.lines().stream().anyMatch(l -> l.message().startsWith(file + " stays in the drop folder"));
    }

    private static List<JsonNode> recordsOf(List<JsonNode> records, String customerId) {
        return records.stream().filter(r -> r.get("customerId").asText().equals(customerId)).toList();
    }

    @Test
    void jmsOutputWhoseBrokerStopsHoldsTheFileUntilTheBrokerIsBackThenDeliversEveryRecord() throws Exception {
        URI brokerUrl = URI.create(FreePort.brokerUrl());
        Path brokerData = dir.resolve("output-broker");
        EmbeddedBroker broker = new EmbeddedBroker(brokerUrl, brokerData);
        broker.start();
        try (LogCapture log = new LogCapture();
                TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                        Map.of("omeda.broker.url", brokerUrl.toString(),
                                "omeda.output.uris", "jms:queue:" + PHONES))) {
            test.drop("before.txt", "12345\nNOTFOUND1\n");
            await().atMost(WAIT).until(() -> Files.exists(test.input().resolve(".done/before.txt")));

            broker.stop();
            test.drop("during.txt", "1001\n54321\n");
            await().atMost(WAIT).until(() -> staysInDropFolder(log, "during.txt"));
            assertThat(test.input().resolve("during.txt")).exists();
            assertThat(test.input().resolve(".done/during.txt")).doesNotExist();
            assertThat(test.simulator().requestsFor("1001")).isNotEmpty();

            broker = new EmbeddedBroker(brokerUrl, brokerData);
            broker.start();
            await().atMost(WAIT).until(() -> Files.exists(test.input().resolve(".done/during.txt")));

            List<JsonNode> records;
            try (JmsClient jms = new JmsClient(brokerUrl.toString())) {
                records = jms.browse(PHONES).stream().map(seen -> json(seen.body())).toList();
            }
            // at least once: a record written before the broker went away may come again, none is missing
            assertThat(recordsOf(records, "12345")).hasSize(2);
            assertThat(recordsOf(records, "1001")).hasSizeGreaterThanOrEqualTo(SimulatedCustomers.phoneCount("1001"))
                    .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("file:during.txt"));
            assertThat(recordsOf(records, "54321").stream().map(r -> r.get("phoneId").asText()).distinct())
                    .hasSize(SimulatedCustomers.phoneCount("54321"));
            assertThat(recordsOf(records, "1001").stream().map(r -> r.get("phoneId").asText()).distinct())
                    .hasSize(SimulatedCustomers.phoneCount("1001"));
            assertThat(test.deadLettersOf("NOTFOUND1")).hasSize(1);
        } finally {
            broker.stop();
        }
    }

    /**
     * The source queue on the service's broker, the output on another one that goes away: a failed send is
     * passing trouble, so the message rolls back past omeda.source.queue.max-deliveries and is never
     * dead-lettered as unprocessable.
     */
    @Test
    void jmsOutputDownRollsTheSourceMessageBackWithoutLimitAndDeliversOnceTheBrokerIsBack() throws Exception {
        String sourceBroker = FreePort.brokerUrl();
        URI outputUrl = URI.create(FreePort.brokerUrl());
        Path outputData = dir.resolve("output-broker");
        // down from the start: the service's first send fails
        EmbeddedBroker output = null;
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                Map.of("omeda.source.file.enabled", "false",
                        "omeda.source.queue.enabled", "true",
                        "omeda.source.queue.max-deliveries", "2",
                        "omeda.broker.embedded", "true",
                        "omeda.broker.url", sourceBroker,
                        "camel.beans.outputBroker", "#class:" + ActiveMQConnectionFactory.class.getName() + "('"
                                + outputUrl + "')",
                        "omeda.output.uris", "jms:queue:" + PHONES + "?connectionFactory=#outputBroker"));
                JmsClient source = new JmsClient(sourceBroker)) {
            source.send(SOURCE_QUEUE, "1001\nNOTFOUND5\n");

            // a third delivery: the second, at max-deliveries, was rolled back again
            await().atMost(WAIT).until(() -> test.simulator().requestsFor("1001").size() >= 3);
            assertThat(test.deadLetters()).noneSatisfy(
                    d -> assertThat(d.get("reason").asText()).isEqualTo(Reason.UNPROCESSABLE_MESSAGE.name()));

            output = new EmbeddedBroker(outputUrl, outputData);
            output.start();
            try (JmsClient jms = new JmsClient(outputUrl.toString())) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(recordsOf(
                        jms.browse(PHONES).stream().map(seen -> json(seen.body())).toList(), "1001"))
                        .hasSize(SimulatedCustomers.phoneCount("1001"))
                        .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("queue")));
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(source.browse(SOURCE_QUEUE)).isEmpty());
            assertThat(test.deadLettersOf("NOTFOUND5")).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("NOT_FOUND"));
            assertThat(test.app().totals().deadLettered(Reason.UNPROCESSABLE_MESSAGE)).isZero();
        } finally {
            if (output != null) {
                output.stop();
            }
        }
    }

    @Test
    void readOnlyOutputAndDeadLetterFoldersKeepTheFileUntilWritableThenEveryIdHasItsOutcome() throws Exception {
        Path records = dir.resolve("records");
        Path deadLetters = dir.resolve("dead-letters");
        try (LogCapture log = new LogCapture();
                TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                        Map.of("omeda.output.uris", "file:" + records + "?fileName=phones.jsonl",
                                "omeda.dead-letter.uri", "file:" + deadLetters + "?fileName=dead.jsonl"))) {
            String how = Unwritable.folder(records);
            Unwritable.folder(deadLetters);
            test.drop("ids.txt", "12345\nNOTFOUND2\nnot-an-id!\n");

            await().atMost(WAIT).until(() -> staysInDropFolder(log, "ids.txt"));
            assertThat(test.input().resolve("ids.txt")).as("output folder made unwritable: " + how).exists();
            assertThat(test.input().resolve(".done/ids.txt")).doesNotExist();
            assertThat(test.input().resolve(".error/ids.txt")).doesNotExist();

            Unwritable.restore(records);
            Unwritable.restore(deadLetters);
            await().atMost(WAIT).until(() -> Files.exists(test.input().resolve(".done/ids.txt")));

            assertThat(recordsOf(TestApp.jsonLines(records.resolve("phones.jsonl")), "12345")).hasSize(2);
            List<JsonNode> dead = TestApp.jsonLines(deadLetters.resolve("dead.jsonl"));
            assertThat(recordsOf(dead, "NOTFOUND2")).singleElement()
                    .satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("NOT_FOUND"));
            assertThat(recordsOf(dead, "not-an-id!")).singleElement()
                    .satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("INVALID_ID"));
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
