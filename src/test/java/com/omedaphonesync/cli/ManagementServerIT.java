package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The health and metrics server of {@code run}: where it listens, and a port that is already taken. */
class ManagementServerIT extends JarAgainstSimulator {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * {@code camel.management.host=127.0.0.2}: health, the status page and the index answer there and nowhere else
     * (127.0.0.1 is refused), as {@code 127.0.0.1} would keep them off every outside interface.
     */
    @Test
    void theHostKeyChoosesTheAddressListenedOn() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        int port = JarProcess.freePort();

        try (JarProcess.Running service = jar.start("run", "--omeda.base-url=" + simulator.baseUrl(),
                "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=drop",
                "--camel.management.host=127.0.0.2", "--camel.management.port=" + port)) {
            URI there = URI.create("http://127.0.0.2:" + port + "/observe/health");
            await("GET " + there + " answers 200").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().failFast("the process ended", () -> !service.process.isAlive())
                    .until(() -> get(there).statusCode() == 200);

            HttpResponse<String> page = get(URI.create("http://127.0.0.2:" + port + "/observe/status"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            HttpResponse<String> document = get(URI.create("http://127.0.0.2:" + port + "/observe/status.json"));
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(document.body()).path("instance").path("id").asText()).isNotBlank();
            assertThat(get(URI.create("http://127.0.0.2:" + port + "/")).body()).contains("/observe/status");

            for (String path : new String[] { "/observe/health", "/observe/status", "/observe/status.json" }) {
                URI elsewhere = URI.create("http://127.0.0.1:" + port + path);
                assertThat(catchConnect(elsewhere)).as("nothing listens on 127.0.0.1:%d\n%s", port, service.output())
                        .isInstanceOf(ConnectException.class);
            }
            service.terminate(Duration.ofSeconds(45));
        }
    }

    /**
     * Issue 18: the detailed health the docs send operators to still answers once a file has finished (its
     * sources' times are ISO-8601 text, not an Instant Camel's JSON writer cannot write); a failing source's
     * message reads without escaped slashes, its path in the details; and the start-up log names the address
     * really listened on, not 0.0.0.0.
     */
    @Test
    void detailedHealthAnswersAfterAFileHasFinished() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        int port = JarProcess.freePort();
        Path drop = jar.workDir().resolve("drop");
        Path missing = jar.workDir().resolve("missing-ids.txt").toAbsolutePath();

        try (JarProcess.Running service = jar.start("run", "--omeda.base-url=" + simulator.baseUrl(),
                "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=drop",
                "--omeda.source.timer.enabled=true", "--omeda.source.timer.schedule=2s",
                "--omeda.source.timer.ids-file=" + missing,
                "--camel.management.host=127.0.0.1", "--camel.management.port=" + port)) {
            URI full = URI.create("http://127.0.0.1:" + port + "/observe/health?exposureLevel=full&data=true");
            // DOWN (503) from the first firing of the refresh, whose ids file is missing
            await("GET " + full + " answers").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().failFast("the process ended", () -> !service.process.isAlive())
                    .until(() -> get(full).statusCode() == 503);
            Files.writeString(drop.resolve("ids.txt"), "HEALTH1\nHEALTH2\n");
            await("the file is done").atMost(WAIT).failFast("the process ended", () -> !service.process.isAlive())
                    .until(() -> Files.exists(drop.resolve(".done/ids.txt")));

            HttpResponse<String> health = get(full);
            assertThat(health.statusCode()).as("%s\n%s", health.body(), service.output()).isEqualTo(503);
            JsonNode sources = null;
            for (JsonNode check : JSON.readTree(health.body()).path("checks")) {
                if (check.path("name").asText().equals("sources")) {
                    sources = check;
                }
            }
            assertThat(sources).as(health.body()).isNotNull();
            String lastSuccess = sources.path("data").path("file.lastSuccess").asText();
            assertThat(Instant.parse(lastSuccess)).as("an ISO-8601 instant").isNotNull();
            assertThat(sources.path("status").asText()).isEqualTo("DOWN");
            assertThat(sources.path("message").asText()).as(health.body()).contains("timer").doesNotContain("\\");
            assertThat(sources.path("data").path("timer.lastFailureReason").asText()).as(health.body())
                    .contains(missing.toString());

            assertThat(service.stdout()).as("the address listened on")
                    .contains("Health at http://127.0.0.1:" + port + "/observe/health")
                    .doesNotContain("0.0.0.0:" + port);
            service.terminate(Duration.ofSeconds(45));
        }
    }

    @Test
    void aManagementPortAlreadyTakenExitsTwoWithOneLine() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = other.getLocalPort();

            JarProcess.Result result = jar.run(WAIT, "run", "--omeda.base-url=" + simulator.baseUrl(),
                    "--omeda.brand=TEST", "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=drop",
                    "--camel.management.port=" + port);

            ConfigurationMistakesIT.assertOneLine(result, "camel.management.port " + port
                    + " on camel.management.host 0.0.0.0 cannot be listened on");
            assertThat(jar.workDir().resolve("drop")).as("no source started").doesNotExist();
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Exception catchConnect(URI uri) throws InterruptedException {
        try {
            get(uri);
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
