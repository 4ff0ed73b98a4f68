package com.omedaphonesync.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/** {@code run} says what it works on: a file picked up, progress of a long file, a line for the queue. */
class ActivityLogTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aDroppedFileIsLoggedWhenPickedUpAndItsProgressWhileItIsRead() throws Exception {
        // HTTP503 answers 503 for ever, retried for minutes: the file stays in progress until the app stops
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.retry.max-attempts", "100", "omeda.retry.initial-delay-ms", "1000",
                "omeda.retry.max-delay-ms", "30000"));
                LogCapture log = new LogCapture()) {
            test.drop("ids.txt", "12345\n1001\nHTTP503x\n");

            await().atMost(WAIT).untilAsserted(() -> assertThat(log.lines()).anySatisfy(line -> assertThat(
                    line.message()).isEqualTo("Picked up ids.txt (20 bytes, about 3 ids)")));
            ActivityLog activity = new ActivityLog(test.app().totals());
            await().atMost(WAIT).untilAsserted(() -> assertThat(activity.fileProgress(Duration.ZERO))
                    .singleElement().asString().startsWith("Progress: file:ids.txt: 2 of about 3 ids done ("));
            assertThat(activity.fileProgress(Duration.ofDays(1))).as("only files read for longer than that").isEmpty();

            // issue 18: every 10 s counted from the file's own pick-up, the first 10 s after it
            ActivityLog fromPickUp = new ActivityLog(test.app().totals());
            Instant pickedUp = test.app().totals().inProgress().iterator().next().startedAt();
            Duration every = Duration.ofSeconds(10);
            assertThat(fromPickUp.fileProgress(every, pickedUp.plusMillis(9_999))).isEmpty();
            assertThat(fromPickUp.fileProgress(every, pickedUp.plusSeconds(10))).hasSize(1);
            assertThat(fromPickUp.fileProgress(every, pickedUp.plusSeconds(11))).as("given already").isEmpty();
            assertThat(fromPickUp.fileProgress(every, pickedUp.plusSeconds(20))).hasSize(1);
        }
    }

    @Test
    void theQueueGetsASummaryLineWhenItHadMessages() throws Exception {
        String broker = FreePort.brokerUrl();
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().build(),
                TestApp.queueService(broker, Map.of()));
                JmsClient jms = new JmsClient(broker)) {
            ActivityLog activity = new ActivityLog(test.app().totals());
            assertThat(activity.queueSummary(Duration.ofMinutes(1))).as("nothing yet").isNull();

            jms.send("omeda.customer-ids", "12345\n12345\n");
            jms.send("omeda.customer-ids", "NOTFOUND4");
            await().atMost(WAIT).until(() -> test.app().totals().finishedUnits("queue") == 2);

            assertThat(activity.queueSummary(Duration.ofMinutes(1))).isEqualTo(
                    "Queue, last 60 s: 2 messages done; ids: 1 enriched, 1 dead-lettered, 1 duplicate skipped");
            assertThat(activity.queueSummary(Duration.ofMinutes(1))).as("nothing since").isNull();
        }
    }
}
