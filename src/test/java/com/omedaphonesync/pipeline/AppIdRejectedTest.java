package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/**
 * The 403 row of SPEC.md section 5: Omeda rejects the app id. No id is dead-lettered, no further id is looked
 * up, health reports DOWN, the sources stop; a dropped file moves to {@code .error/} with a {@code .reason}
 * file and a queue message stays on the queue.
 */
class AppIdRejectedTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WRONG = "not-the-app-id";

    @TempDir
    Path dir;

    static HealthCheck.Result appIdHealth(CamelContext context) {
        // "full": with the default exposure level Camel shows only one check while all are UP
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context, "full");
        List<HealthCheck.Result> appId = results.stream()
                .filter(r -> "omeda".equals(r.getCheck().getGroup()) && "app-id".equals(r.getCheck().getId()))
                .toList();
        assertThat(appId).as("health check omeda/app-id among %s",
                results.stream().map(r -> r.getCheck().getGroup() + "/" + r.getCheck().getId()).toList())
                .hasSize(1);
        return appId.get(0);
    }

    @Test
    void batchWithAWrongAppIdEndsUnfinishedWithoutDeadLettersAndHealthGoesDown() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().recordRequests(true).build(),
                Map.of("omeda.app-id", WRONG))) {
            assertThat(appIdHealth(test.app().context()).getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(test.app().gate().isRejected()).isFalse();

            Path ids = test.idsFile("ids.txt", "12345\n1001\nNOTFOUND1\nHTTP500a\n54321\n");
            UnfinishedException unfinished;
            try (LogCapture log = new LogCapture()) {
                unfinished = catchThrowableOfType(UnfinishedException.class, () -> test.app().enrich(ids));
                assertThat(log.lines()).as("Omeda's reason, logged once").filteredOn(line -> line.message()
                        .contains("Access denied")).hasSize(1);
            }

            assertThat(unfinished).isNotNull().hasCauseInstanceOf(AppIdRejectedException.class);
            assertThat(unfinished.summary().held()).isPositive();
            assertThat(unfinished.summary().deadLettered()).isZero();
            assertThat(unfinished.summary().enriched()).isZero();
            assertThat(test.deadLetters()).isEmpty();
            assertThat(test.records()).isEmpty();
            assertThat(test.app().gate().isRejected()).isTrue();
            assertThat(test.simulator().requests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.answer()).isEqualTo("403"));

            HealthCheck.Result health = appIdHealth(test.app().context());
            assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("rejected"));

            // the gate stays closed: a later batch makes no call at all and dead-letters nothing
            int calls = test.simulator().requests().size();
            Path more = test.idsFile("more.txt", "2001\nNOTFOUND2\n");
            UnfinishedException again = catchThrowableOfType(UnfinishedException.class,
                    () -> test.app().enrich(more));
            assertThat(again).isNotNull().hasCauseInstanceOf(AppIdRejectedException.class);
            assertThat(test.simulator().requests()).hasSize(calls);
            assertThat(test.deadLetters()).isEmpty();
        }
    }

    @Test
    void droppedFileMovesToErrorWithAReasonAndTheSourcesStop() throws Exception {
        // the timer source runs too, on a schedule that does not fire during the test
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(), Map.of(
                "omeda.app-id", WRONG,
                "omeda.source.timer.enabled", "true",
                "omeda.source.timer.schedule", "0 0 2 1 1 ? 2099",
                "omeda.source.timer.ids-file", dir.resolve("refresh-ids.txt").toString()))) {
            assertThat(test.app().context().getRouteController().getRouteStatus("file-source"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(test.app().context().getRouteController().getRouteStatus("timer-source"))
                    .isEqualTo(ServiceStatus.Started);
            test.drop("ids.txt", "12345\nNOTFOUND1\n1001\n");

            Path error = test.input().resolve(".error");
            await().atMost(WAIT).until(() -> Files.exists(error.resolve("ids.txt.reason")));
            assertThat(error.resolve("ids.txt")).hasContent("12345\nNOTFOUND1\n1001");
            assertThat(Files.readString(error.resolve("ids.txt.reason"), StandardCharsets.UTF_8))
                    .contains("rejected the app id");
            assertThat(test.input().resolve("ids.txt")).doesNotExist();
            assertThat(test.input().resolve(".done/ids.txt")).doesNotExist();
            assertThat(test.deadLetters()).isEmpty();
            assertThat(test.records()).isEmpty();
            assertThat(test.app().gate().isRejected()).isTrue();
            assertThat(appIdHealth(test.app().context()).getState()).isEqualTo(HealthCheck.State.DOWN);
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    test.app().context().getRouteController().getRouteStatus("file-source"))
                    .isEqualTo(ServiceStatus.Stopped));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    test.app().context().getRouteController().getRouteStatus("timer-source"))
                    .isEqualTo(ServiceStatus.Stopped));

            // a file dropped now is not taken: the source is stopped
            test.drop("later.txt", "2001\n");
            Path later = test.input().resolve("later.txt");
            later.toFile().setLastModified(System.currentTimeMillis() - 10_000);
            int calls = test.simulator().requests().size();
            Thread.sleep(1500);
            assertThat(later).exists();
            assertThat(Files.exists(error.resolve("later.txt"), LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(test.simulator().requests()).hasSize(calls);
        }
    }

    @Test
    void queueMessageStaysOnTheQueueAndIsEnrichedAfterARestartWithTheRightAppId() throws Exception {
        String body = "[{\"customerId\": \"12345\"}, {\"customerId\": \"NOTFOUND1\"}, {\"customerId\": \"1001\"}]";
        Map<String, String> queue = Map.of(
                "omeda.source.file.enabled", "false",
                "omeda.source.queue.enabled", "true",
                "omeda.broker.embedded", "true");
        String broker = FreePort.brokerUrl();
        Map<String, String> wrong = new java.util.HashMap<>(queue);
        wrong.put("omeda.broker.url", broker);
        wrong.put("omeda.app-id", WRONG);
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(), wrong);
                JmsClient jms = new JmsClient(broker)) {
            jms.send("omeda.customer-ids", body);

            await().atMost(WAIT).until(() -> test.app().gate().isRejected());
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    test.app().context().getRouteController().getRouteStatus("queue-source"))
                    .isEqualTo(ServiceStatus.Stopped));
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse("omeda.customer-ids"))
                    .extracting(JmsClient.Seen::body).containsExactly(body));
            assertThat(jms.browse("DLQ")).isEmpty();
            assertThat(test.deadLetters()).isEmpty();
            assertThat(test.records()).isEmpty();
            assertThat(appIdHealth(test.app().context()).getState()).isEqualTo(HealthCheck.State.DOWN);
        }

        // the broker keeps the message in its journal; corrected and restarted, the service finishes it
        String restarted = FreePort.brokerUrl();
        Map<String, String> right = new java.util.HashMap<>(queue);
        right.put("omeda.broker.url", restarted);
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(), right);
                JmsClient jms = new JmsClient(restarted)) {
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.recordsOf("12345")).hasSize(2);
                assertThat(test.recordsOf("1001")).hasSize(SimulatedCustomers.phoneCount("1001"));
                assertThat(test.deadLettersOf("NOTFOUND1")).hasSize(1);
            });
            assertThat(test.records()).allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("queue"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse("omeda.customer-ids")).isEmpty());
            assertThat(appIdHealth(test.app().context()).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }
}
