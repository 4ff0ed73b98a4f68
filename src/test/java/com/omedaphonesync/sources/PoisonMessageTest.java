package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/**
 * A queue message that can never be processed must not block the queue, and one that merely waits for an output
 * must not be given up: real embedded Artemis (redelivery after 1 s, 2 s…), real simulator, real files.
 */
class PoisonMessageTest {
    private static final String QUEUE = QueueSourceTest.QUEUE;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;


    private static List<JsonNode> unprocessable(TestApp test) throws Exception {
        return test.deadLetters().stream()
                .filter(d -> d.get("reason").asText().equals(Reason.UNPROCESSABLE_MESSAGE.name())).toList();
    }

    @Test
    void messageAboveTheSizeLimitIsDeadLetteredUnreadAtItsFirstDeliveryAndTheQueueMovesOn() throws Exception {
        String broker = FreePort.brokerUrl();
        try (LogCapture log = new LogCapture();
                TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                        TestApp.queueService(broker,
                                Map.of("omeda.source.queue.max-message-bytes", String.valueOf(MIB))));
                JmsClient jms = new JmsClient(broker)) {
            String huge = "12345\n".repeat(5 * MIB / 6 + 1);
            jms.send(QUEUE, huge);
            jms.sendBytes(QUEUE, huge.getBytes(StandardCharsets.UTF_8));
            jms.send(QUEUE, "1001");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.recordsOf("1001")).hasSize(SimulatedCustomers.phoneCount("1001"));
                assertThat(unprocessable(test)).hasSize(2);
            });
            assertThat(unprocessable(test)).allSatisfy(letter -> {
                assertThat(letter.get("customerId").isNull()).isTrue();
                assertThat(letter.get("source").asText()).isEqualTo("queue");
                assertThat(letter.get("attempts").asInt()).isEqualTo(1);
                assertThat(letter.get("httpStatus").isNull()).isTrue();
                // the size as the broker keeps the body: bytes as they are, text two bytes a character
                assertThat(letter.get("errors")).singleElement().satisfies(error -> assertThat(error.asText())
                        .containsPattern(" of \\d{7,} bytes is larger than ")
                        .contains("omeda.source.queue.max-message-bytes (" + MIB + ")")
                        .doesNotContain("12345"));
            });
            assertThat(unprocessable(test)).extracting(d -> d.get("errors").get(0).asText())
                    .anySatisfy(e -> assertThat(e).contains("TextMessage"))
                    .anySatisfy(e -> assertThat(e).contains("BytesMessage"));
            // never read: not one of its ids was looked up, nor was it handed to the JMS consumer, whose client
            // would have buffered the whole body
            assertThat(test.simulator().requestsFor("12345")).isEmpty();
            assertThat(log.lines()).filteredOn(l -> l.logger().equals(OversizeMessages.class.getName()))
                    .filteredOn(l -> l.message().contains("taken off unread")).hasSize(2);
            assertThat(test.app().totals().deadLettered(Reason.UNPROCESSABLE_MESSAGE)).isEqualTo(2);
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
            assertThat(jms.browse("DLQ")).isEmpty();
        }
    }

    @Test
    void bodiesThatCannotBeReadAsIdsAreDeadLetteredOnceAfterMaxDeliveriesWhileLaterMessagesAreProcessed()
            throws Exception {
        String broker = FreePort.brokerUrl();
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                TestApp.queueService(broker, Map.of("omeda.source.queue.max-deliveries", "3")));
                JmsClient jms = new JmsClient(broker)) {
            jms.sendMap(QUEUE, Map.of("customerId", "99999", "secretish", "body-text-never-echoed"));
            jms.sendObject(QUEUE, new ArrayList<>(List.of("99998", "body-object-never-echoed")));
            jms.send(QUEUE, "12345");

            // processed while the poison messages wait for their redeliveries
            await().atMost(WAIT).untilAsserted(() -> assertThat(test.recordsOf("12345")).hasSize(2));
            await().atMost(WAIT).untilAsserted(() -> assertThat(unprocessable(test)).hasSize(2));
            assertThat(unprocessable(test)).allSatisfy(letter -> {
                assertThat(letter.get("attempts").asInt()).isEqualTo(3);
                assertThat(letter.get("customerId").isNull()).isTrue();
                assertThat(letter.get("source").asText()).isEqualTo("queue");
                assertThat(letter.get("errors").get(0).asText()).contains("could not be processed")
                        .doesNotContain("never-echoed", "99999", "99998");
            });
            assertThat(unprocessable(test)).extracting(d -> d.get("errors").get(0).asText())
                    .anySatisfy(e -> assertThat(e).contains("MapMessage"))
                    .anySatisfy(e -> assertThat(e).contains("ObjectMessage"));
            assertThat(test.simulator().requestsFor("99999")).isEmpty();
            assertThat(test.simulator().requestsFor("99998")).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
            assertThat(jms.browse("DLQ")).isEmpty();
            assertThat(test.app().totals().deadLettered(Reason.UNPROCESSABLE_MESSAGE)).isEqualTo(2);
            assertThat(test.deadLetters()).hasSize(2);
        }
    }

    /**
     * A source that never delivers a message again (seda:) must not lose the message it cannot read: it is
     * dead-lettered at its one delivery, whatever omeda.source.queue.max-deliveries says.
     */
    @Test
    void unreadableMessagesFromASourceWithoutRedeliveryAreDeadLetteredAtOnce() throws Exception {
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                Map.of("omeda.source.file.enabled", "false",
                        "omeda.source.queue.enabled", "true",
                        "omeda.source.queue.uri", "seda:ids",
                        "omeda.source.queue.max-deliveries", "3"))) {
            for (int i = 0; i < 6; i++) {
                test.app().context().createProducerTemplate().sendBody("seda:ids", new Object());
            }
            test.app().context().createProducerTemplate().sendBody("seda:ids", "12345");

            await().atMost(WAIT).untilAsserted(() -> assertThat(unprocessable(test)).hasSize(6));
            await().atMost(WAIT).untilAsserted(() -> assertThat(test.recordsOf("12345")).hasSize(2));
            assertThat(unprocessable(test)).allSatisfy(letter -> assertThat(letter.get("attempts").asInt())
                    .isEqualTo(1));
        }
    }

    @Test
    void messageWaitingForAnOutputIsRedeliveredBeyondMaxDeliveriesAndNeverBecomesADeadLetter() throws Exception {
        String broker = FreePort.brokerUrl();
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a regular file where the output folder should be");
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                TestApp.queueService(broker, Map.of("omeda.source.queue.max-deliveries", "2",
                        "omeda.output.uris", "file:" + blocked + "?fileName=phones.jsonl")));
                JmsClient jms = new JmsClient(broker)) {
            jms.send(QUEUE, "12345\nNOTFOUND4\n");

            // a third delivery: the second, at max-deliveries, was rolled back again, not dead-lettered
            await().atMost(WAIT).until(() -> test.simulator().requestsFor("12345").size() >= 3);
            assertThat(unprocessable(test)).isEmpty();

            Files.delete(blocked);
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    TestApp.jsonLines(blocked.resolve("phones.jsonl")))
                    .filteredOn(r -> r.get("customerId").asText().equals("12345")).hasSize(2));
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
            assertThat(unprocessable(test)).isEmpty();
            assertThat(test.deadLettersOf("NOTFOUND4")).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("NOT_FOUND"));
            assertThat(jms.browse("DLQ")).isEmpty();
        }
    }
}
