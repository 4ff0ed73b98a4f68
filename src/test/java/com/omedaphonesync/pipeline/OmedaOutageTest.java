package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.lookup.OmedaCircuit;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/**
 * The circuit breaker end to end: ids flow from the drop folder, Omeda goes down (every call a 503), the
 * calls stop but for one probe per cool-down, Omeda comes back, and every id is enriched: none lost, none
 * dead-lettered for having waited.
 */
class OmedaOutageTest {
    private static final int IDS = 300;
    private static final int CONCURRENCY = 4;
    private static final int THRESHOLD = 5;
    private static final long OPEN_MS = 200;
    /** Fewer than an id would spend in the outage if waiting counted (10, 20, 40, then 50 ms back-offs). */
    private static final int MAX_ATTEMPTS = 12;
    private static final int PROBES_DURING_OUTAGE = 3;

    @TempDir
    Path dir;

    /**
     * The most calls an outage can see. Calls permitted while the circuit is closed: it opens on the
     * THRESHOLD-th failure in a row, and a success resets the count only if it answers a call that reached
     * Omeda before the outage began, at most one per other lookup thread (CONCURRENCY - 1), each such reset
     * worth at most THRESHOLD - 1 failures; when it opens, at most CONCURRENCY - 1 other calls are still out.
     * That is THRESHOLD + (CONCURRENCY - 1) * (THRESHOLD - 1) + CONCURRENCY - 1 = CONCURRENCY * THRESHOLD.
     * Then one probe per cool-down: the k-th starts at least k cool-downs after the circuit opened, so no
     * more than the outage's length over the cool-down reach Omeda before it is back.
     */
    private static long mostCallsDuring(long outageNanos) {
        return (long) CONCURRENCY * THRESHOLD + outageNanos / TimeUnit.MILLISECONDS.toNanos(OPEN_MS);
    }

    @Test
    void callsStopDuringAnOutageAndEveryWaitingIdIsEnrichedOnceOmedaIsBack() throws Exception {
        List<String> ids = IntStream.range(0, IDS).mapToObj(i -> "OUTAGE" + i).toList();
        SimulatorOptions options = SimulatorOptions.builder().latencyMillis(2).recordRequests(true).build();
        try (LogCapture log = new LogCapture();
                TestApp test = TestApp.service(dir, options, Map.of(
                        "omeda.http.concurrency", String.valueOf(CONCURRENCY),
                        "omeda.circuit.failure-threshold", String.valueOf(THRESHOLD),
                        "omeda.circuit.open-ms", String.valueOf(OPEN_MS),
                        "omeda.retry.max-attempts", String.valueOf(MAX_ATTEMPTS)))) {
            OmedaSimulator omeda = test.simulator();
            OmedaCircuit circuit = test.app().circuit();

            test.drop("ids.txt", ids.stream().collect(Collectors.joining("\n", "", "\n")));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                    .until(() -> omeda.requestCount() >= 40);
            long outageStart = System.nanoTime();
            omeda.startOutage();
            await().atMost(Duration.ofSeconds(60)).until(() -> circuit.probes() >= PROBES_DURING_OUTAGE);
            omeda.endOutage();
            long outageEnd = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(test.input().resolve(".done/ids.txt")));

            List<OmedaSimulator.Request> requests = omeda.requests();
            long duringOutage = requests.stream().filter(r -> r.answer().equals("outage")).count();
            assertThat(duringOutage).as("calls made while Omeda was down")
                    .isGreaterThanOrEqualTo(THRESHOLD)
                    .isLessThanOrEqualTo(mostCallsDuring(outageEnd - outageStart));
            assertThat(circuit.openings()).isEqualTo(1);
            assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);

            assertThat(test.app().totals().enriched()).isEqualTo(IDS);
            assertThat(test.deadLetters()).isEmpty();
            assertThat(ids).allSatisfy(id -> assertThat(omeda.requestsFor(id))
                    .extracting(OmedaSimulator.Request::answer)
                    .as("calls for %s: outages, then its one answer", id)
                    .last().isEqualTo("200"));
            assertThat(requests).filteredOn(r -> r.answer().equals("200")).hasSize(IDS);
            assertThat(requests).as("ids flowed before the outage")
                    .anyMatch(r -> r.answer().equals("200") && r.nanoTime() < outageStart);
            assertThat(requests).as("calls resumed after it")
                    .anyMatch(r -> r.answer().equals("200") && r.nanoTime() > outageEnd);

            List<LogCapture.Line> circuitLog = log.lines().stream()
                    .filter(l -> l.logger().equals(OmedaCircuit.class.getName())
                            && l.level().isMoreSpecificThan(Level.INFO))
                    .toList();
            assertThat(circuitLog).extracting(LogCapture.Line::level).containsExactly(Level.WARN, Level.INFO);
            assertThat(circuitLog.get(0).message()).startsWith(
                    "Omeda circuit open after " + THRESHOLD + " consecutive failures (last: HTTP 503 ");
            assertThat(circuitLog.get(1).message()).startsWith("Omeda circuit closed");
        }
    }

    /**
     * Stopping while the circuit is open (its cool-down far longer than the shutdown timeout) does not wait for
     * a probe: the waiting ids are held at once, so the file stays in the drop folder for the next start and
     * nothing is dead-lettered. The outage starts before the first call, so no earlier answer can reset the
     * count: it opens on the THRESHOLD-th call, with at most CONCURRENCY - 1 others still out.
     */
    @Test
    void stoppingWhileTheCircuitIsOpenHoldsTheWaitingIdsWithoutWaitingForAProbe() throws Exception {
        String ids = IntStream.range(0, 20).mapToObj(i -> "HELD" + i).collect(Collectors.joining("\n", "", "\n"));
        SimulatorOptions options = SimulatorOptions.builder().recordRequests(true).build();
        try (LogCapture log = new LogCapture();
                TestApp test = TestApp.service(dir, options, Map.of(
                        "omeda.http.concurrency", String.valueOf(CONCURRENCY),
                        "omeda.circuit.failure-threshold", String.valueOf(THRESHOLD),
                        "omeda.circuit.open-ms", "600000",
                        "omeda.retry.max-attempts", String.valueOf(MAX_ATTEMPTS),
                        "camel.main.shutdown-timeout", "20"))) {
            test.simulator().startOutage();
            test.drop("ids.txt", ids);
            await().atMost(Duration.ofSeconds(60)).until(() -> test.app().circuit().isOpen());

            test.app().stop();

            assertThat(test.simulator().requests()).as("calls made").allMatch(r -> r.answer().equals("outage"))
                    .hasSizeBetween(THRESHOLD, THRESHOLD + CONCURRENCY - 1);
            assertThat(test.app().circuit().probes()).isZero();
            assertThat(test.input().resolve("ids.txt")).as("the file waits for the next start").exists();
            assertThat(test.input().resolve(".done/ids.txt")).doesNotExist();
            assertThat(test.deadLetters()).isEmpty();
            assertThat(test.records()).isEmpty();
            assertThat(log.lines()).filteredOn(l -> l.message().contains("Timeout occurred during graceful shutdown"))
                    .as("the routes stopped without running into the shutdown timeout").isEmpty();
            // issue 18: the waits ended without Camel's fatal fallback handler (a stack trace per waiting id)
            assertThat(log.lines()).filteredOn(l -> l.level().isMoreSpecificThan(Level.ERROR))
                    .as("no ERROR while stopping").isEmpty();
            assertThat(log.lines()).filteredOn(l -> l.message().startsWith("file:ids.txt: "))
                    .as("the file's summary").singleElement()
                    .satisfies(l -> assertThat(l.message()).endsWith("(not finished: held: shutting down)"));
        }
    }
}
