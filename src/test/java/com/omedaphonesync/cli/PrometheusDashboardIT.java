package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.monitoring.DashboardQueries;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.OsTool;

/**
 * monitoring/ against the real thing: a real Prometheus (Debian's package) scrapes {@code run}'s
 * {@code /observe/metrics} while it reads a dropped file, with the rules of monitoring/ loaded. Every query of
 * every panel of the Grafana dashboard, evaluated through Prometheus's HTTP API, returns data; every rule
 * evaluates without error; every metric a rule names is one the product serves; and once the output cannot be
 * written, the alert for it is on its way (pending for its 5 minutes).
 */
class PrometheusDashboardIT {
    private static final String APP_ID = "itPromAppIdMv2Lq9";
    private static final String JOB = "omeda-phone-sync";
    private static final Path RULES = Path.of("monitoring", "omeda-phone-sync-rules.yml");
    /** What Grafana's $__rate_interval would be at a 1 s scrape interval, with room to spare. */
    private static final String RATE_INTERVAL = "15s";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyPanelAndRuleWorksOnWhatARunServes() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        Path drop = Files.createDirectories(jar.workDir().resolve("drop"));
        int port = JarProcess.freePort();
        List<String> longFile = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            longFile.add(String.valueOf(200000 + i));
        }

        try (OmedaSimulator omeda = OmedaSimulator.start(SimulatorOptions.builder().appId(APP_ID).latencyMillis(20)
                .build());
                JarProcess.Running service = jar.start("run", "--omeda.base-url=" + omeda.baseUrl(),
                        "--omeda.brand=PROM", "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=drop",
                        "--omeda.http.concurrency=2", "--omeda.retry.max-attempts=1",
                        "--camel.management.host=127.0.0.1", "--camel.management.port=" + port)) {
            // a finished file (with dead letters), then a long one being read while Prometheus scrapes
            Files.write(drop.resolve("small.txt"), List.of("12345", "NOTFOUND3", "HTTP503c", "HTTP429d"));
            await("small.txt done").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .failFast("the service ended", () -> !service.process.isAlive())
                    .until(() -> Files.exists(drop.resolve(".done/small.txt")));
            Path hidden = Files.write(drop.resolve(".long.txt"), longFile);
            Files.move(hidden, drop.resolve("long.txt"));

            try (Prometheus prometheus = Prometheus.start(dir, "127.0.0.1:" + port)) {
                await("Prometheus has scraped the service a few times").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .failFast("Prometheus ended", () -> !prometheus.process.isAlive())
                        .until(() -> !prometheus.query("sum_over_time(up{job=\"" + JOB + "\"}[1m]) >= 10").isEmpty());

                List<DashboardQueries.Query> queries = DashboardQueries.all();
                assertThat(queries).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(10);
                await("every panel's query returns data").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            for (DashboardQueries.Query query : queries) {
                                assertThat(prometheus.query(query.resolved(RATE_INTERVAL)))
                                        .as("panel '%s': %s", query.panel(), query.resolved(RATE_INTERVAL))
                                        .isNotEmpty();
                            }
                        });

                await("every rule evaluated").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> {
                            JsonNode groups = prometheus.get("/api/v1/rules").path("data").path("groups");
                            assertThat(groups).hasSize(2);
                            for (JsonNode group : groups) {
                                for (JsonNode rule : group.path("rules")) {
                                    assertThat(rule.path("health").asText())
                                            .as("%s: %s", rule.path("name").asText(), rule.path("lastError").asText())
                                            .isEqualTo("ok");
                                }
                            }
                        });
                for (String metric : metricsNamedIn(RULES)) {
                    assertThat(prometheus.query("count({__name__=\"" + metric + "\", job=\"" + JOB + "\"})"))
                            .as("the rules name %s: the service must serve it", metric).isNotEmpty();
                }

                // a fault, as an operator would inject it: the output file made a folder, so writes fail
                Path output = jar.workDir().resolve("output/phones.jsonl");
                await("the output made unwritable").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .ignoreExceptions().until(() -> {
                            Files.deleteIfExists(output);
                            Files.createDirectory(output);
                            return Files.isDirectory(output);
                        });
                await("OmedaChannelDown is pending for the outputs").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !prometheus.query("ALERTS{alertname=\"OmedaChannelDown\", channel=\"outputs\", "
                                + "alertstate=\"pending\"}").isEmpty());
            }
            service.terminate(Duration.ofSeconds(60)).assertNeverPrints(APP_ID);
        }
    }

    /** The product's metrics a rules file names: omeda_* and process_* (not the recorded omeda:* series). */
    static Set<String> metricsNamedIn(Path rules) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("(?<![:\\w])(omeda_[a-z_]+|process_[a-z_]+)").matcher(Files.readString(rules));
        while (name.find()) {
            names.add(name.group(1));
        }
        assertThat(names).contains("omeda_app_id_rejected", "omeda_ids_total");
        return names;
    }

    /** Debian's prometheus on a free port with a scrape config for the service, data in a temporary folder. */
    static final class Prometheus implements AutoCloseable {
        final Process process;
        private final URI api;
        private final Path log;

        private Prometheus(Process process, URI api, Path log) {
            this.process = process;
            this.api = api;
            this.log = log;
        }

        static Prometheus start(Path dir, String target) throws Exception {
            Path binary = OsTool.require("prometheus", "prometheus");
            int port = JarProcess.freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  evaluation_interval: 1s",
                    "rule_files:",
                    "  - " + RULES.toAbsolutePath(),
                    "scrape_configs:",
                    "  - job_name: " + JOB,
                    "    metrics_path: /observe/metrics",
                    "    static_configs:",
                    "      - targets: ['" + target + "']",
                    ""));
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Prometheus prometheus = new Prometheus(process, URI.create("http://127.0.0.1:" + port), log);
            try {
                await("Prometheus is ready").atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .failFast("Prometheus ended: " + log, () -> !process.isAlive())
                        .until(() -> HTTP.send(HttpRequest.newBuilder(prometheus.api.resolve("/-/ready")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                return prometheus;
            } catch (RuntimeException | AssertionError e) {
                prometheus.close();
                throw new AssertionError("Prometheus did not start:\n" + prometheus.output(), e);
            }
        }

        /** The result vector of an instant query; fails on an error answer. */
        JsonNode query(String promql) throws Exception {
            JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            assertThat(answer.path("status").asText()).as("%s: %s", promql, answer).isEqualTo("success");
            return answer.path("data").path("result");
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(cannot read " + log + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
