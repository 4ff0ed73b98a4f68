package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * {@code batch} against an Omeda that is down (nothing listens at omeda.base-url): a signal ends it at once with
 * its summary and report, and without a signal it gives up once the circuit has stayed open for
 * omeda.batch.give-up-after-ms. Either way the ids not looked up are held in the file's checkpoint, none is
 * dead-lettered for the outage.
 */
class BatchOutageIT extends JarAgainstSimulator {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String CIRCUIT_OPEN = "Omeda circuit open after";

    private static String[] batchAgainstNothing(int downPort, String... more) {
        String[] common = {"batch", "ids.txt", "--omeda.base-url=http://127.0.0.1:" + downPort,
            "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID, "--omeda.http.concurrency=2",
            "--omeda.circuit.failure-threshold=3", "--omeda.circuit.open-ms=600000"};
        String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    private static void writeIds(Path workDir) throws Exception {
        Files.writeString(workDir.resolve("ids.txt"), IntStream.range(0, 20).mapToObj(i -> "DOWN" + i)
                .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
    }

    @Test
    void sigtermWhileTheCircuitIsOpenEndsTheBatchWithItsSummaryAndReport() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        writeIds(jar.workDir());
        Path deadLetters = jar.workDir().resolve("output/dead-letter.jsonl");

        // the default omeda.batch.give-up-after-ms, minutes, is not reached before the signal
        try (JarProcess.Running batch = jar.start(batchAgainstNothing(JarProcess.freePort()))) {
            await("the circuit opens").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .failFast("the batch ended", () -> !batch.process.isAlive())
                    .until(() -> batch.stdout().contains(CIRCUIT_OPEN));
            int deadLettersAtSignal = lines(deadLetters).size();

            JarProcess.Result stopped = batch.terminate(WAIT);

            assertThat(stopped.stdout()).as(stopped.describe())
                    .containsPattern("batch: \\d+ ids read").contains("held").contains("Report: ")
                    .doesNotContain("Forcing shutdown").doesNotContain("FatalFallbackErrorHandler")
                    .as("the batch's own stop, not Camel's JVM hook that holds it up to 45 s\n%s", stopped.describe())
                    .doesNotContain("JVM shutdown hook triggered");
            assertThat(stopped.stderr()).as(stopped.describe()).contains("stopping on a signal");
            assertThat(reports(jar.workDir().resolve("output/reports"))).as(stopped.describe()).hasSize(1);
            assertThat(lines(deadLetters)).as("no dead letter after the signal\n%s", stopped.describe())
                    .hasSize(deadLettersAtSignal);
            stopped.assertNeverPrints(APP_ID);
        }
    }

    @Test
    void aBatchGivesUpOnceTheCircuitHasStayedOpenForTheTimeAllowed() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        writeIds(jar.workDir());

        JarProcess.Result result = jar.run(WAIT, batchAgainstNothing(JarProcess.freePort(),
                "--omeda.batch.give-up-after-ms=1000"));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCode.FAILED);
        assertThat(result.stdout()).as(result.describe()).contains(CIRCUIT_OPEN)
                .contains("circuit open for more than 1 s (omeda.batch.give-up-after-ms)")
                .containsPattern("batch: \\d+ ids read").contains("Report: ");
        assertThat(result.stderr()).as(result.describe()).contains("omeda-phone-sync: gave up waiting for Omeda");
        assertThat(reports(jar.workDir().resolve("output/reports"))).as(result.describe()).hasSize(1);
        assertThat(lines(jar.workDir().resolve("output/dead-letter.jsonl"))).as("none dead-lettered for the outage")
                .isEmpty();
        result.assertNeverPrints(APP_ID);

        JarProcess.Result rerun = jar.run(WAIT, "batch", "ids.txt", "--omeda.base-url=" + simulator.baseUrl(),
                "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID);
        assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
        assertThat(rerun.stdout()).as("the held ids, looked up once Omeda is back\n%s", rerun.describe())
                .contains(" 20 enriched");
    }
}
