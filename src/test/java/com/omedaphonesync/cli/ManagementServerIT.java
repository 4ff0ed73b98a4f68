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
import java.time.Duration;

import org.junit.jupiter.api.Test;

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
