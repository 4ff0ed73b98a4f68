package com.omedaphonesync.cli;

import static com.omedaphonesync.cli.JarProcess.assertNoFileContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.SimulatedCustomers;

/**
 * {@code run} from the outside (SPEC.md sections 2 and 5): the service with its file source against the
 * simulator, its health endpoint on {@code camel.management.port}, and a graceful stop on SIGTERM.
 */
class RunCommandIT extends JarAgainstSimulator {
    /** Start-up, a poll, the drop folder's two-second read lock and the lookups: generous, to fail not hang. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(45);
    /** What the JVM exits with when it ends on SIGTERM after running its shutdown hooks (128 + 15), or 0. */
    private static final List<Integer> EXIT_ON_SIGTERM = List.of(0, 143);
    /** A customer the simulator gives phones, whose answer the proxy holds back for a few seconds. */
    private static final String IN_FLIGHT_ID = "424242";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();


    /**
     * One service run: a dropped file enriched and moved to .done/, health UP with the app-id check registered,
     * then SIGTERM while a second file's lookup is held in flight by a proxy: that lookup still finishes, its
     * records are written and its file moved to .done/ before the process ends.
     */
    @Test
    void runEnrichesADroppedFileReportsUpAndStopsGracefullyOnSigterm() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        Path drop = Files.createDirectories(dir.resolve("drop"));
        int port = JarProcess.freePort();
        URI health = URI.create("http://localhost:" + port + "/observe/health");
        assertThat(SimulatedCustomers.phoneCount(IN_FLIGHT_ID)).as("the in-flight id has phones").isPositive();

        try (DelayingProxy omeda = new DelayingProxy(simulator.baseUrl(), IN_FLIGHT_ID, Duration.ofSeconds(3));
                JarProcess.Running service = jar.start("run", "--omeda.base-url=" + omeda.baseUrl(),
                "--omeda.brand=RUNBRAND", "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=" + drop,
                "--camel.management.port=" + port)) {
            awaitHealth(service, health, 200, "UP");
            HttpResponse<String> full = get(service, URI.create(health + "?exposureLevel=full"));
            JsonNode registered = check(full, "app-id");
            assertThat(registered).as("the app-id check is in Camel's health-check registry\n%s", full.body())
                    .isNotNull();
            assertThat(registered.path("status").asText()).as(full.body()).isEqualTo("UP");
            HttpResponse<String> details = get(service, URI.create(health + "?exposureLevel=full&data=true"));
            JsonNode circuit = check(details, "circuit");
            assertThat(circuit).as("the circuit breaker's check is registered\n%s", details.body()).isNotNull();
            assertThat(circuit.path("status").asText()).as(details.body()).isEqualTo("UP");
            assertThat(circuit.toString()).as("its state among the details").contains("\"state\":\"CLOSED\"");

            dropFile(drop, "ids.txt", "12345\nNOTFOUND5\n");
            Path output = jar.workDir().resolve("output");
            awaitUntil(service, "the dropped file moved to .done/ with its outcomes written",
                    () -> Files.exists(drop.resolve(".done/ids.txt"))
                            && lines(output.resolve("phones.jsonl")).size() == 2
                            && lines(output.resolve("dead-letter.jsonl")).size() == 1);
            assertThat(drop.resolve("ids.txt")).doesNotExist();
            assertThat(jsonLines(output.resolve("phones.jsonl"))).hasSize(2).allSatisfy(r -> {
                assertThat(r.get("customerId").asText()).isEqualTo("12345");
                assertThat(r.get("brand").asText()).isEqualTo("RUNBRAND");
                assertThat(r.get("source").asText()).isEqualTo("file:ids.txt");
            });
            assertThat(jsonLines(output.resolve("dead-letter.jsonl")))
                    .extracting(d -> d.get("customerId").asText() + "=" + d.get("reason").asText())
                    .containsExactly("NOTFOUND5=NOT_FOUND");
            assertThat(reports(output.resolve("reports"))).as("a report for the dropped file").isNotEmpty();

            HttpResponse<String> stillUp = get(service, health);
            assertThat(stillUp.statusCode()).as(stillUp.body()).isEqualTo(200);
            assertThat(JSON.readTree(stillUp.body()).get("status").asText()).isEqualTo("UP");

            String metrics = get(service, URI.create("http://localhost:" + port + "/observe/metrics")).body();
            assertThat(metrics.lines())
                    .contains("omeda_ids_total{outcome=\"enriched\",reason=\"none\",source=\"file\"} 1.0",
                            "omeda_ids_total{outcome=\"dead_lettered\",reason=\"NOT_FOUND\",source=\"file\"} 1.0",
                            "omeda_ids_total{outcome=\"enriched\",reason=\"none\",source=\"queue\"} 0.0",
                            "omeda_channel_down{channel=\"outputs\"} 0.0", "omeda_source_failing{source=\"file\"} 0.0",
                            "omeda_records_total 2.0", "omeda_app_id_rejected 0.0", "omeda_circuit_open 0.0",
                            "omeda_circuit_openings_total 0.0");
            assertThat(metrics).doesNotContain(APP_ID);

            dropFile(drop, "in-flight.txt", IN_FLIGHT_ID + "\n");
            awaitUntil(service, "the lookup of " + IN_FLIGHT_ID + " in flight", omeda::heldLookupArrived);
            JarProcess.Result stopped = service.terminate(STOP);

            assertThat(stopped.exitCode()).as(stopped.describe()).isIn(EXIT_ON_SIGTERM);
            assertThat(stopped.stdout()).as("Camel shut down rather than being cut off\n%s", stopped.describe())
                    .contains("(omeda-phone-sync) shutdown in");
            assertThat(jsonLines(output.resolve("phones.jsonl")))
                    .as("the lookup in flight at SIGTERM finished and its records were written\n%s",
                            stopped.describe())
                    .filteredOn(r -> r.get("customerId").asText().equals(IN_FLIGHT_ID))
                    .hasSize(SimulatedCustomers.phoneCount(IN_FLIGHT_ID));
            assertThat(drop.resolve(".done/in-flight.txt")).as("its file is done\n%s", stopped.describe())
                    .exists();
            stopped.assertNeverPrints(APP_ID);
            assertNoFileContains(output, APP_ID);
        }
    }

    @Test
    void runWithARejectedAppIdIsDownFromStartAndMovesTheFileToError() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        Path drop = Files.createDirectories(dir.resolve("drop"));
        int port = JarProcess.freePort();
        URI health = URI.create("http://localhost:" + port + "/observe/health");

        try (JarProcess.Running service = jar.start("run", "--omeda.base-url=" + simulator.baseUrl(),
                "--omeda.brand=RUNBRAND", "--omeda.app-id=" + WRONG_APP_ID, "--omeda.source.file.dir=" + drop,
                "--camel.management.port=" + port)) {
            // the start-up check's one lookup answers 403: DOWN before any id arrives
            AtomicReference<HttpResponse<String>> down = new AtomicReference<>();
            awaitUntil(service, "the start-up check DOWN", () -> {
                down.set(get(service, health));
                JsonNode probe = check(down.get(), "start-up-check");
                return probe != null && "DOWN".equals(probe.path("status").asText());
            });
            assertThat(down.get().statusCode()).isEqualTo(503);
            assertThat(down.get().body()).doesNotContain(WRONG_APP_ID);
            awaitUntil(service, "the start-up check's line", () -> service.output()
                    .contains("Start-up check: FAILED  Omeda: answered HTTP 403"));

            // a dropped file still gets the 403's own outcome
            dropFile(drop, "ids.txt", "12345\nNOTFOUND6\n");
            awaitUntil(service, "the dropped file moved to .error/ with a .reason file",
                    () -> Files.exists(drop.resolve(".error/ids.txt"))
                            && Files.exists(drop.resolve(".error/ids.txt.reason")));
            assertThat(drop.resolve("ids.txt")).doesNotExist();
            assertThat(drop.resolve(".done/ids.txt")).doesNotExist();
            String reason = Files.readString(drop.resolve(".error/ids.txt.reason"), StandardCharsets.UTF_8);
            assertThat(reason).containsIgnoringCase("app id").doesNotContain(WRONG_APP_ID);
            HttpResponse<String> rejected = awaitHealth(service, health, 503, "DOWN");
            JsonNode appId = check(rejected, "app-id");
            assertThat(appId).as("the app-id check says why\n%s", rejected.body()).isNotNull();
            assertThat(appId.path("status").asText()).as(rejected.body()).isEqualTo("DOWN");

            Path output = jar.workDir().resolve("output");
            assertThat(lines(output.resolve("phones.jsonl"))).isEmpty();
            assertThat(lines(output.resolve("dead-letter.jsonl"))).as("a 403 dead-letters nothing").isEmpty();

            JarProcess.Result stopped = service.terminate(STOP);
            assertThat(stopped.exitCode()).as(stopped.describe()).isIn(EXIT_ON_SIGTERM);
            stopped.assertNeverPrints(WRONG_APP_ID);
            assertNoFileContains(output, WRONG_APP_ID);
            assertNoFileContains(drop, WRONG_APP_ID);
        }
    }

    /** Writes the file under a hidden name (ignored by the drop folder) and renames it, so it is never half read. */
    private static void dropFile(Path drop, String name, String content) throws IOException {
        Path staged = Files.writeString(drop.resolve("." + name), content, StandardCharsets.UTF_8);
        Files.move(staged, drop.resolve(name));
    }

    /** Waits until the health endpoint answers the status code with that overall status, and returns that answer. */
    private static HttpResponse<String> awaitHealth(JarProcess.Running service, URI health, int statusCode,
            String status) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        awaitUntil(service, "GET " + health + " answers " + statusCode + " " + status, () -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(health)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            last.set(response);
            return response.statusCode() == statusCode
                    && status.equals(JSON.readTree(response.body()).path("status").asText());
        }, () -> last.get() == null ? "no answer" : "last answer " + last.get().statusCode() + " "
                + last.get().body());
        return last.get();
    }

    private static void awaitUntil(JarProcess.Running service, String what, Callable<Boolean> condition) {
        awaitUntil(service, what, condition, () -> "");
    }

    /** Waits for the condition; fails with the process's output when it does not hold in time or the process ends. */
    private static void awaitUntil(JarProcess.Running service, String what, Callable<Boolean> condition,
            Supplier<String> detail) {
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .failFast("the process ended", () -> !service.process.isAlive())
                    .until(condition);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + " " + detail.get() + "\n" + service.output(), e);
        }
    }

    private static HttpResponse<String> get(JarProcess.Running service, URI uri) throws Exception {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed: " + e + "\n" + service.output(), e);
        }
    }

    /** The named check in a health answer that lists its checks, or null. */
    private static JsonNode check(HttpResponse<String> response, String name) throws IOException {
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        return null;
    }
}
