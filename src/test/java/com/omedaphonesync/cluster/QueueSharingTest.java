package com.omedaphonesync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.TestApp;

/**
 * Instances on one queue share its messages: an instance whose lookups are all busy holds no message beyond the
 * ones it is working on, so a waiting message goes to an instance that can take it. (With Artemis' default
 * consumer window each consumer buffers up to 1 MiB of messages as soon as it connects, busy or not, and they
 * wait there for it.)
 */
class QueueSharingTest {
    private static final String QUEUE = "omeda.customer-ids";
    private static final int CONCURRENCY = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static PhoneSyncApp instance(Path dir, String id, String omedaUrl, String broker, boolean embedded)
            throws Exception {
        Properties properties = TestApp.properties(dir, omedaUrl, TestApp.queueService(broker, Map.of(
                "omeda.broker.embedded", String.valueOf(embedded),
                "omeda.http.concurrency", String.valueOf(CONCURRENCY),
                // the held lookups wait at the gate for as long as the test needs, not TestApp's 2 s
                "omeda.http.response-timeout-ms", "120000",
                "camel.main.name", "omeda-phone-sync-" + id)));
        PhoneSyncApp app = new PhoneSyncApp(Settings.from(properties), properties, PhoneSyncApp.Mode.DEMO);
        app.start();
        return app;
    }

    private static Set<String> customerIds(List<JsonNode> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.get("customerId").asText()));
        return ids;
    }

    @Test
    void aBusyInstanceLeavesTheWaitingMessagesToAnother() throws Exception {
        String broker = FreePort.brokerUrl();
        // ids whose customers have phones, so that each shows in the records of the instance that worked it
        List<String> withPhones = IntStream.range(7000, 8000).mapToObj(String::valueOf)
                .filter(id -> SimulatedCustomers.phoneCount(id) > 0 && !SimulatedCustomers.gone(id, 0)).toList();
        List<String> busy = withPhones.subList(0, CONCURRENCY);
        List<String> waiting = withPhones.subList(CONCURRENCY, CONCURRENCY + 40);
        Set<String> all = new HashSet<>(busy);
        all.addAll(waiting);
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().build());
                IdGate gate = new IdGate(simulator.baseUrl(), all)) {
            // instance a holds the broker and reaches Omeda through the gate, which holds every lookup
            PhoneSyncApp a = instance(dir.resolve("a"), "a", gate.baseUrl(), broker, true);
            PhoneSyncApp b = null;
            try (JmsClient jms = new JmsClient(broker)) {
                busy.forEach(id -> jms.send(QUEUE, id));
                await().atMost(WAIT).until(() -> gate.waiting() == CONCURRENCY);

                b = instance(dir.resolve("b"), "b", simulator.baseUrl(), broker, false);
                waiting.forEach(id -> jms.send(QUEUE, id));

                Path bRecords = dir.resolve("b/output/phones.jsonl");
                await().atMost(WAIT).untilAsserted(() -> assertThat(customerIds(TestApp.jsonLines(bRecords)))
                        .containsExactlyInAnyOrderElementsOf(waiting));
                assertThat(gate.waiting()).as("a still works on its two messages").isEqualTo(CONCURRENCY);

                gate.open();
                Path aRecords = dir.resolve("a/output/phones.jsonl");
                await().atMost(WAIT).untilAsserted(() -> assertThat(customerIds(TestApp.jsonLines(aRecords)))
                        .containsExactlyInAnyOrderElementsOf(busy));
                await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse(QUEUE)).isEmpty());
            } finally {
                if (b != null) {
                    b.stop();
                }
                a.stop();
            }
        }
    }
}
