package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;

/**
 * The status page in a real browser: {@code run} reads a long file from its drop folder against a slowed-down
 * simulator while headless Chromium shows {@code /observe/status}. What is asserted is read from the browser's
 * DOM after the page's own script ran and refreshed it: the progress bar moves, the instance, the file, Omeda's
 * state, the dead letters and the replay command are shown, and neither the app id nor a password is anywhere
 * in it. A screenshot is saved as target/status-page.png.
 */
class StatusPageIT {
    private static final String APP_ID = "itStatusAppIdWq4Zr8";
    private static final String BROKER_PASSWORD = "itStatusBrokerPwJ5t";
    private static final String INSTANCE = "status-it";
    /** Long enough to be read for minutes at two lookups at a time, 50 ms each. */
    private static final int LONG_FILE_IDS = 6000;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theBrowserShowsALongFileProgressingAndWhatHappenedToItsIds() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        Path drop = Files.createDirectories(jar.workDir().resolve("drop"));
        int port = JarProcess.freePort();
        URI page = URI.create("http://127.0.0.1:" + port + "/observe/status");
        URI document = URI.create("http://127.0.0.1:" + port + "/observe/status.json");
        List<String> ids = new ArrayList<>(List.of("NOTFOUND1", "NOTFOUND2", "bad-id!", "HTTP503a", "HTTP503b"));
        for (int i = 0; i < LONG_FILE_IDS; i++) {
            ids.add(String.valueOf(100000 + i));
        }
        // written under a hidden name, then renamed: taken at once, whole
        Path hidden = Files.write(drop.resolve(".long.txt"), ids, StandardCharsets.UTF_8);

        try (OmedaSimulator omeda = OmedaSimulator.start(SimulatorOptions.builder().appId(APP_ID).latencyMillis(50)
                .build());
                JarProcess.Running service = jar.start("run", "--omeda.base-url=" + omeda.baseUrl(),
                        "--omeda.brand=STATUS", "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=drop",
                        "--omeda.instance.id=" + INSTANCE, "--omeda.http.concurrency=2",
                        "--omeda.retry.max-attempts=1", "--omeda.broker.password=" + BROKER_PASSWORD,
                        "--camel.management.host=127.0.0.1", "--camel.management.port=" + port)) {
            await("the status document answers").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().failFast("the service ended", () -> !service.process.isAlive())
                    .until(() -> get(document).statusCode() == 200);
            Files.move(hidden, drop.resolve("long.txt"));

            try (HeadlessChromium browser = HeadlessChromium.start(dir)) {
                browser.open(page.toString());
                String bar = "document.querySelector('.file[data-name=\"long.txt\"] [role=progressbar]')";
                AtomicLong first = new AtomicLong();
                await("the page shows long.txt in progress, some ids done").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the service ended", () -> !service.process.isAlive())
                        .until(() -> {
                            JsonNode done = browser.evaluate(bar + "?.getAttribute('aria-valuenow')");
                            first.set(done.isTextual() ? Long.parseLong(done.asText()) : 0);
                            return first.get() > 0;
                        });
                await("the progress bar moves as the page refreshes itself").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the service ended", () -> !service.process.isAlive())
                        .until(() -> Long.parseLong(browser.evaluate(bar + ".getAttribute('aria-valuenow')").asText())
                                > first.get());
                await("the dead letters and the replay command for the retryable ones are shown").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> browser.evaluate("document.getElementById('replay')?.textContent ?? ''")
                                .asText().startsWith("bin/omeda-phone-sync replay"));

                await("Omeda's calls per second and answer times over the last samples are shown").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> text(browser, "#calls-per-second").matches("[0-9.,]+")
                                && text(browser, "#omeda-body").matches("(?s).*p50 [0-9.,]+ ms · p95 [0-9.,]+ ms.*"));

                assertThat(browser.evaluate(bar + ".getAttribute('aria-valuemax')").asText())
                        .as("about as many ids as the file has lines").isEqualTo(String.valueOf(ids.size()));
                assertThat(text(browser, "#instance-id")).isEqualTo(INSTANCE);
                assertThat(text(browser, "#cluster")).isEqualTo("not clustered (leader)");
                assertThat(text(browser, ".file[data-name=\"long.txt\"]")).contains("long.txt", "of about 6,005 ids done",
                        "ids/s");
                assertThat(text(browser, "#circuit")).isEqualTo("CLOSED");
                assertThat(text(browser, "#app-id")).startsWith("ACCEPTED");
                assertThat(text(browser, "#replay")).isEqualTo("bin/omeda-phone-sync replay "
                        + Path.of("output", "dead-letter.jsonl"));
                String deadLetters = text(browser, "#dead-letters-body");
                assertThat(deadLetters).contains("NOTFOUND1 (STATUS)", "NOT_FOUND", "INVALID_ID", "HTTP503a (STATUS)",
                        "SERVER_ERROR", "HTTP 503");
                assertThat(text(browser, "#channels-body")).contains("writing", "file:output");

                String shown = browser.evaluate("document.documentElement.outerHTML").asText();
                assertThat(shown).as("the page").doesNotContain(APP_ID).doesNotContain(BROKER_PASSWORD);
                String json = get(document).body();
                assertThat(json).as("the status document").doesNotContain(APP_ID).doesNotContain(BROKER_PASSWORD);
                assertThat(JSON.readTree(json).path("instance").path("id").asText()).isEqualTo(INSTANCE);

                Path screenshot = Files.createDirectories(Path.of("target")).resolve("status-page.png");
                Files.write(screenshot, browser.screenshot());
                assertThat(Files.size(screenshot)).as("a PNG at %s", screenshot).isPositive();
            }
            JarProcess.Result stopped = service.terminate(Duration.ofSeconds(60));
            stopped.assertNeverPrints(APP_ID);
        }
    }

    /** The text of the first element matching {@code selector}, as the browser renders it. */
    private static String text(HeadlessChromium browser, String selector) throws Exception {
        return browser.evaluate("document.querySelector('" + selector.replace("'", "\\'") + "')?.innerText ?? "
                + "'(nothing matches " + selector.replace("'", "\\'").replace("\"", "\\\"") + ")'").asText();
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
