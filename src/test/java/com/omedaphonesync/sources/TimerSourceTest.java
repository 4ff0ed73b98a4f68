package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.ServiceStatus;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/** The scheduled refresh (SPEC.md section 3, {@code omeda.source.timer.*}) on a one-second period. */
class TimerSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static Map<String, String> timer(Path idsFile) {
        return Map.of(
                "omeda.source.file.enabled", "false",
                "omeda.source.timer.enabled", "true",
                "omeda.source.timer.schedule", "1s",
                "omeda.source.timer.ids-file", idsFile.toString());
    }

    /** Replaces the file in one step, so that a firing never reads it half written. */
    private static void replace(Path file, String content) throws Exception {
        Path staged = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void eachFiringReadsTheIdsFileAgain() throws Exception {
        Path ids = dir.resolve("refresh-ids.txt");
        replace(ids, "# refreshed\n12345\n");
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                timer(ids))) {
            // the same id again at each firing: two firings' records, waited for rather than expected at the
            // moment the second request reached the simulator (its records are written a little later)
            await().atMost(WAIT).untilAsserted(() -> assertThat(test.recordsOf("12345"))
                    .hasSizeGreaterThanOrEqualTo(2 * SimulatedCustomers.phoneCount("12345")));
            assertThat(test.recordsOf("12345"))
                    .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("timer"));
            assertThat(test.simulator().requestsFor("54321")).isEmpty();

            replace(ids, "54321\nNOTFOUND4\n");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.recordsOf("54321")).hasSizeGreaterThanOrEqualTo(
                        SimulatedCustomers.phoneCount("54321"));
                assertThat(test.deadLettersOf("NOTFOUND4")).isNotEmpty();
            });
            assertThat(test.recordsOf("54321")).allSatisfy(r -> assertThat(r.get("source").asText())
                    .isEqualTo("timer"));
            assertThat(test.deadLettersOf("NOTFOUND4")).allSatisfy(d -> assertThat(d.get("source").asText())
                    .isEqualTo("timer"));
            // once the new file is in place, the old id is no longer refreshed
            int before = test.simulator().requestsFor("12345").size();
            int firings = test.simulator().requestsFor("54321").size();
            await().atMost(WAIT).until(() -> test.simulator().requestsFor("54321").size() >= firings + 2);
            assertThat(test.simulator().requestsFor("12345")).hasSize(before);
        }
    }

    @Test
    void missingIdsFileIsLoggedAndTheScheduleGoesOn() throws Exception {
        Path ids = dir.resolve("not-yet-there.txt");
        try (LogCapture log = new LogCapture();
                TestApp test = TestApp.service(dir, SimulatorOptions.builder().recordRequests(true).build(),
                        timer(ids))) {
            await().atMost(WAIT).until(() -> log.lines().stream()
                    .filter(l -> l.level() == Level.ERROR && l.message().contains("Refresh skipped")
                            && l.message().contains("not-yet-there.txt"))
                    .count() >= 2);
            assertThat(test.app().context().getRouteController().getRouteStatus("timer-source"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(test.app().context().getStatus()).isEqualTo(ServiceStatus.Started);
            assertThat(test.deadLetters()).isEmpty();
            assertThat(test.simulator().requests()).isEmpty();

            replace(ids, "1002\n");
            await().atMost(WAIT).untilAsserted(() -> assertThat(test.recordsOf("1002"))
                    .hasSizeGreaterThanOrEqualTo(SimulatedCustomers.phoneCount("1002")));
            assertThat(test.recordsOf("1002")).allSatisfy(r -> assertThat(r.get("source").asText())
                    .isEqualTo("timer"));
        }
    }
}
