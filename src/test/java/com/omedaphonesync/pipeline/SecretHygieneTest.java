package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.TestApp;

/**
 * SPEC.md section 3: {@code omeda.app-id} is "never logged, never copied into any output, dead letter, metric or
 * error text". Every path runs once with a unique app id and the root logger at DEBUG (the drop folder, the queue
 * with a JMS output as well as a file output, the timer, dead letters of every kind, every injected fault at once,
 * an outage that opens the circuit breaker, poison and oversize queue messages, a 403 with another unique wrong
 * app id); then every file of the working folder, the test log file and every message on the output queue are
 * searched for both. Also: headers of an incoming JMS message never reach Omeda, nor any record. The crash and
 * restart of the jar are audited the same way in {@code CrashRestartIT}.
 */
class SecretHygieneTest {
    private static final String SECRET = "secret-" + UUID.randomUUID();
    private static final String WRONG_SECRET = "secret-" + UUID.randomUUID();
    private static final String SMUGGLED = "smuggled-" + UUID.randomUUID();
    private static final Map<String, String> INBOUND_HEADERS = Map.of(
            "x_HYPHEN_omeda_HYPHEN_appid", SMUGGLED,
            "Authorization", "Bearer " + SMUGGLED,
            // JMS property names must be Java identifiers: camel-jms reads this one as X-Custom
            "X_HYPHEN_Custom", SMUGGLED);
    private static final Path LOG = Path.of("target/test-logs/omeda-phone-sync.log");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static long logSizeBefore;
    private static List<JmsClient.Seen> outputMessages;
    private static List<JsonNode> acceptedRecords;
    private static List<JsonNode> acceptedDeadLetters;
    private static List<OmedaSimulator.Request> acceptedRequests;
    private static final List<String> errorTexts = new ArrayList<>();

    @BeforeAll
    static void runEveryPathWithTheRootLoggerAtDebug() throws Exception {
        Files.createDirectories(LOG.getParent());
        logSizeBefore = Files.exists(LOG) ? Files.size(LOG) : 0;
        Level rootLevel = LogManager.getRootLogger().getLevel();
        Configurator.setRootLevel(Level.DEBUG);
        try {
            acceptedAppId();
            faultsOutageAndPoisonMessages();
            rejectedAppId();
        } finally {
            Configurator.setRootLevel(rootLevel);
        }
    }

    @AfterAll
    static void rootLevelIsRestored() {
        assertThat(LogManager.getRootLogger().getLevel()).isNotEqualTo(Level.DEBUG);
    }

    private static void acceptedAppId() throws Exception {
        Path home = dir.resolve("accepted");
        Files.createDirectories(home);
        String broker = FreePort.brokerUrl();
        Path refresh = home.resolve("refresh-ids.txt");
        Files.writeString(refresh, "1002\nNOTFOUND5\n", StandardCharsets.UTF_8);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("omeda.app-id", SECRET);
        overrides.put("omeda.source.queue.enabled", "true");
        overrides.put("omeda.broker.embedded", "true");
        overrides.put("omeda.broker.url", broker);
        overrides.put("omeda.source.timer.enabled", "true");
        overrides.put("omeda.source.timer.schedule", "1s");
        overrides.put("omeda.source.timer.ids-file", refresh.toString());
        overrides.put("omeda.output.uris", "file:" + home.resolve("output") + "?fileName=phones.jsonl,"
                + "jms:queue:phones-out");
        SimulatorOptions simulator = SimulatorOptions.builder().appId(SECRET).recordRequests(true).build();
        try (TestApp test = TestApp.service(home, simulator, overrides); JmsClient jms = new JmsClient(broker)) {
            test.drop("ids.txt", "12345\nNOTFOUND1\nnot-an-id!\nHTTP500a\nDROP1\nHTTP400a\nMALFORMED1\nEMPTY1\n");
            jms.send("omeda.customer-ids", "54321\nNOTFOUND2\n", INBOUND_HEADERS);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.input().resolve(".done/ids.txt")).exists();
                assertThat(test.recordsOf("54321")).hasSize(SimulatedCustomers.phoneCount("54321"));
                assertThat(test.deadLettersOf("NOTFOUND2")).hasSize(1);
                assertThat(test.recordsOf("1002")).isNotEmpty();
                assertThat(test.deadLettersOf("NOTFOUND5")).isNotEmpty();
            });
            // no more firings, so that the outputs can be compared
            test.app().context().getRouteController().stopRoute("timer-source");
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse("omeda.customer-ids")).isEmpty());

            acceptedRecords = test.records();
            acceptedDeadLetters = test.deadLetters();
            await().atMost(WAIT).untilAsserted(() -> assertThat(jms.browse("phones-out"))
                    .hasSize(acceptedRecords.size()));
            outputMessages = jms.browse("phones-out");
            acceptedRequests = test.simulator().requests();
            assertThat(test.app().gate().isRejected()).isFalse();
        }
    }

    private static void faultsOutageAndPoisonMessages() throws Exception {
        Path home = dir.resolve("faults");
        Files.createDirectories(home);
        String broker = FreePort.brokerUrl();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("omeda.app-id", SECRET);
        overrides.put("omeda.source.queue.enabled", "true");
        overrides.put("omeda.broker.embedded", "true");
        overrides.put("omeda.broker.url", broker);
        overrides.put("omeda.source.queue.max-message-bytes", "65536");
        overrides.put("omeda.source.queue.max-deliveries", "2");
        overrides.put("omeda.circuit.failure-threshold", "3");
        overrides.put("omeda.retry.max-attempts", "2");
        overrides.put("omeda.http.response-timeout-ms", "500");
        SimulatorOptions simulator = SimulatorOptions.builder().appId(SECRET).recordRequests(true).seed(11)
                .serverErrorRate(0.1).rateLimitRate(0.1).retryAfterSeconds(1).slowRate(0.03).slowMillis(1500)
                .dropRate(0.03).malformedRate(0.03).notFoundRate(0.1).build();
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            ids.append(70_000 + i).append('\n');
        }
        try (TestApp test = TestApp.service(home, simulator, overrides); JmsClient jms = new JmsClient(broker)) {
            test.simulator().startOutage();
            test.drop("faults.txt", ids.toString());
            await().atMost(WAIT).until(() -> test.simulator().requests().stream()
                    .filter(r -> "outage".equals(r.answer())).count() > 3);
            test.simulator().endOutage();
            jms.sendMap("omeda.customer-ids", Map.of("customerId", "12345"));
            jms.send("omeda.customer-ids", "12345\n".repeat(20_000));
            jms.send("omeda.customer-ids", "54321\n");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.input().resolve(".done/faults.txt")).exists();
                assertThat(test.deadLetters()).extracting(d -> d.get("reason").asText())
                        .filteredOn("UNPROCESSABLE_MESSAGE"::equals).hasSize(2);
                // faults are injected for every id: an outcome, whichever
                assertThat(test.recordsOf("54321").size() + test.deadLettersOf("54321").size()).isPositive();
                assertThat(jms.browse("omeda.customer-ids")).isEmpty();
            });
        }
    }

    private static void rejectedAppId() throws Exception {
        Path home = dir.resolve("rejected");
        Files.createDirectories(home);
        SimulatorOptions simulator = SimulatorOptions.builder().appId(SECRET).recordRequests(true).build();
        try (TestApp test = TestApp.service(home, simulator, Map.of("omeda.app-id", WRONG_SECRET))) {
            test.drop("ids.txt", "12345\n1001\nNOTFOUND1\n");
            await().atMost(WAIT).until(() -> Files.exists(test.input().resolve(".error/ids.txt.reason")));
            assertThat(test.simulator().requests()).isNotEmpty().allSatisfy(r -> assertThat(r.answer())
                    .isEqualTo("403"));

            try {
                test.app().enrich(test.idsFile("batch.txt", "2001\n"));
                throw new AssertionError("a batch after a 403 must not finish");
            } catch (UnfinishedException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                errorTexts.add(trace.toString());
            }
            errorTexts.add(test.app().gate().rejection());
            for (HealthCheck.Result result : HealthCheckHelper.invoke(test.app().context(), "full")) {
                errorTexts.add(result.getState() + " " + result.getMessage().orElse("") + " "
                        + result.getError().map(Throwable::toString).orElse("") + " " + result.getDetails());
            }
        }
    }

    /** The secret as UTF-8 (files, logs) and as UTF-16 (Java strings as Artemis journals them). */
    private static List<byte[]> encodings(String text) {
        return Stream.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)
                .map((Charset c) -> text.getBytes(c)).toList();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void assertNoSecretIn(String what, byte[] bytes) {
        for (String secret : List.of(SECRET, WRONG_SECRET)) {
            for (byte[] needle : encodings(secret)) {
                assertThat(contains(bytes, needle)).as("an app id in %s", what).isFalse();
            }
        }
    }

    @Test
    void appIdIsInNoFileOfTheWorkingFolder() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            assertNoSecretIn(dir.relativize(file).toString(), Files.readAllBytes(file));
        }
        // the scan covered what the product writes
        assertThat(files).extracting(f -> dir.relativize(f).toString().replace('\\', '/')).contains(
                "accepted/output/phones.jsonl", "accepted/output/dead-letter.jsonl", "accepted/input/.done/ids.txt",
                "rejected/input/.error/ids.txt", "rejected/input/.error/ids.txt.reason");
        assertThat(files).anyMatch(f -> f.startsWith(dir.resolve("accepted/output/reports")));
        assertThat(files).anyMatch(f -> f.startsWith(dir.resolve("faults/output/reports")));
        assertThat(files).anyMatch(f -> f.equals(dir.resolve("faults/output/dead-letter.jsonl")));
        assertThat(files).anyMatch(f -> f.startsWith(dir.resolve("accepted/data/broker/journal")));
        assertThat(acceptedDeadLetters).extracting(d -> d.get("reason").asText()).contains("NOT_FOUND",
                "INVALID_ID", "SERVER_ERROR", "UNREACHABLE", "BAD_REQUEST", "BAD_RESPONSE");
    }

    @Test
    void appIdIsInNoLogLineEvenAtDebug() throws Exception {
        byte[] log = Files.readAllBytes(LOG);
        assertNoSecretIn(LOG.toString(), log);
        String scenario = new String(log, StandardCharsets.UTF_8).substring((int) Math.min(logSizeBefore,
                log.length));
        // the scenario did log, at DEBUG, from Camel and the JMS and HTTP paths
        assertThat(scenario).containsPattern("DEBUG \\[[^\\]]*\\] org\\.apache\\.camel\\.");
        assertThat(scenario).contains("Omeda rejected the app id");
        assertThat(scenario).contains("NOTFOUND2");
        assertThat(scenario).contains("Omeda circuit open").contains("UNPROCESSABLE_MESSAGE");
    }

    @Test
    void appIdIsInNoErrorTextOrHealthMessage() {
        assertThat(errorTexts).isNotEmpty().anyMatch(t -> t.contains("AppIdRejectedException"))
                .anyMatch(t -> t.contains("DOWN"));
        for (String text : errorTexts) {
            assertNoSecretIn("error text " + text, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void appIdIsInNoMessageOnTheOutputQueue() {
        assertThat(outputMessages).isNotEmpty().hasSize(acceptedRecords.size());
        for (JmsClient.Seen message : outputMessages) {
            StringBuilder all = new StringBuilder(message.body()).append('\n')
                    .append(message.correlationId()).append('\n').append(message.type()).append('\n');
            message.properties().forEach((name, value) -> all.append(name).append('=').append(value).append('\n'));
            assertNoSecretIn("output message " + all, all.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void headersOfAQueueMessageAreNotForwardedToOmeda() {
        Set<String> fromFile = acceptedRequests.stream().filter(r -> "12345".equals(r.customerId())).findFirst()
                .orElseThrow().headerNames();
        List<OmedaSimulator.Request> fromQueue = acceptedRequests.stream()
                .filter(r -> "54321".equals(r.customerId()) || "NOTFOUND2".equals(r.customerId())).toList();

        assertThat(fromFile).contains("x-omeda-appid", "accept");
        assertThat(fromQueue).hasSize(2).allSatisfy(r -> {
            assertThat(r.headerNames()).containsExactlyInAnyOrderElementsOf(fromFile)
                    .doesNotContain("authorization", "x-custom", "x_hyphen_custom", "x_hyphen_omeda_hyphen_appid");
            assertThat(r.appIdAccepted()).isTrue();
        });
        assertThat(acceptedRequests).allSatisfy(r -> assertThat(r.headerNames())
                .doesNotContain("authorization", "x-custom", "x_hyphen_custom"));
    }

    @Test
    void recordsAndDeadLettersCarryNoHeaderOfTheQueueMessage() {
        List<String> inbound = INBOUND_HEADERS.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        for (JmsClient.Seen message : outputMessages) {
            assertThat(message.properties().keySet()).allSatisfy(name -> {
                String lower = name.toLowerCase(Locale.ROOT);
                assertThat(lower).isNotIn(inbound).doesNotContain("omeda").doesNotContain("authorization")
                        .doesNotContain("x-custom").doesNotContain("x_hyphen_custom");
            });
            assertThat(message.properties().values()).allSatisfy(value -> assertThat(String.valueOf(value))
                    .doesNotContain(SMUGGLED));
            assertThat(message.body()).doesNotContain(SMUGGLED);
        }
        List<JsonNode> fromQueue = new ArrayList<>(acceptedRecords.stream()
                .filter(r -> r.get("source").asText().equals("queue")).toList());
        assertThat(fromQueue).hasSize(SimulatedCustomers.phoneCount("54321"));
        acceptedDeadLetters.stream().filter(d -> d.get("source").asText().equals("queue")).forEach(fromQueue::add);
        assertThat(fromQueue).hasSize(SimulatedCustomers.phoneCount("54321") + 1);
        for (JsonNode line : Stream.concat(acceptedRecords.stream(), acceptedDeadLetters.stream()).toList()) {
            assertThat(line.toString()).doesNotContain(SMUGGLED).doesNotContainIgnoringCase("authorization")
                    .doesNotContainIgnoringCase("x-custom").doesNotContainIgnoringCase("x_hyphen_custom").doesNotContainIgnoringCase("appid");
        }
        assertThat(outputMessages).extracting(JmsClient.Seen::body)
                .containsExactlyInAnyOrderElementsOf(acceptedRecords.stream().map(JsonNode::toString).toList());
    }

    @Test
    void productionLoggingKeepsHttpClientAtWarnOrAbove() throws Exception {
        Properties config = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/log4j2.properties"),
                StandardCharsets.UTF_8)) {
            config.load(in);
        }
        Map<String, String> levels = new HashMap<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("logger.") && key.endsWith(".name")) {
                String prefix = key.substring(0, key.length() - ".name".length());
                levels.put(config.getProperty(key).strip(), config.getProperty(prefix + ".level", "").strip());
            }
        }
        assertThat(levels).containsKey("org.apache.hc");
        Set<String> quiet = Set.of("WARN", "ERROR", "FATAL", "OFF");
        levels.forEach((name, level) -> {
            if (name.equals("org.apache.hc") || name.startsWith("org.apache.hc.")) {
                assertThat(level.toUpperCase(Locale.ROOT)).as("level of logger %s", name).isIn(quiet);
            }
        });
        // and in this very test run, with the root at DEBUG, HttpClient's header log stayed off
        assertThat(LogManager.getLogger("org.apache.hc.client5.http.headers").isDebugEnabled()).isFalse();
    }
}
