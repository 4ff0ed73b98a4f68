package com.omedaphonesync.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.ConfigLoader;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;

/**
 * The real product (Camel, camel-http, files on disk) against the real simulator on a free port, working in
 * a temporary folder: {@code input/} is the drop folder, records and dead letters go to {@code output/}.
 * Retries are fast (10 ms back-off, 50 ms cap) and the circuit breaker's cool-down short (100 ms) so that outcome
 * tests, some of which fail many calls in a row on purpose, run quickly.
 *
 * <p>Either started at once for one test ({@link #batch}, {@link #service}), or shared by all tests of a
 * class: a static {@code @RegisterExtension} field made with {@link #batchPerClass} or {@link #servicePerClass}
 * starts before the first test in a folder of its own and stops after the last.
 */
public final class TestApp implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String BRAND = "TEST";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PhoneSyncApp.Mode mode;
    private final SimulatorOptions options;
    private final Function<Path, Map<String, String>> overrides;
    private Path dir;
    private OmedaSimulator simulator;
    private PhoneSyncApp app;

    private TestApp(PhoneSyncApp.Mode mode, SimulatorOptions options, Function<Path, Map<String, String>> overrides) {
        this.mode = mode;
        this.options = options;
        this.overrides = overrides;
    }

    /** A batch-mode app (no source started) against a simulator with the given options. */
    public static TestApp batch(Path dir, SimulatorOptions simulator, Map<String, String> overrides)
            throws Exception {
        return new TestApp(PhoneSyncApp.Mode.BATCH, simulator, d -> overrides).start(dir);
    }

    /** An app that runs its sources (the drop folder by default) as {@code run} would, without health server. */
    public static TestApp service(Path dir, SimulatorOptions simulator, Map<String, String> overrides)
            throws Exception {
        return new TestApp(PhoneSyncApp.Mode.DEMO, simulator, d -> overrides).start(dir);
    }

    /** A batch-mode app shared by the tests of a class; the overrides may name paths in its folder. */
    public static TestApp batchPerClass(SimulatorOptions simulator, Function<Path, Map<String, String>> overrides) {
        return new TestApp(PhoneSyncApp.Mode.BATCH, simulator, overrides);
    }

    /** An app running its sources, shared by the tests of a class. */
    public static TestApp servicePerClass(SimulatorOptions simulator, Function<Path, Map<String, String>> overrides) {
        return new TestApp(PhoneSyncApp.Mode.DEMO, simulator, overrides);
    }

    private TestApp start(Path folder) throws Exception {
        dir = folder;
        simulator = OmedaSimulator.start(options);
        Properties properties = properties(dir, simulator.baseUrl(), overrides.apply(dir));
        app = new PhoneSyncApp(Settings.from(properties), properties, mode);
        try {
            app.start();
        } catch (Exception e) {
            simulator.close();
            throw e;
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(Files.createTempDirectory("omeda-test-"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            close();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Overrides for a service fed by the queue alone, on an embedded broker at {@code brokerUrl}. */
    public static Map<String, String> queueService(String brokerUrl, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "omeda.source.file.enabled", "false",
                "omeda.source.queue.enabled", "true",
                "omeda.broker.embedded", "true",
                "omeda.broker.url", brokerUrl));
        overrides.putAll(more);
        return overrides;
    }

    /** The configuration a test app starts with: defaults, the test folder, then the overrides. */
    public static Properties properties(Path dir, String baseUrl, Map<String, String> overrides) {
        Properties p = ConfigLoader.load(dir, null, Map.of(), Map.of());
        p.setProperty("omeda.base-url", baseUrl);
        p.setProperty("omeda.brand", BRAND);
        p.setProperty("omeda.app-id", SimulatorOptions.DEFAULT_APP_ID);
        p.setProperty("omeda.retry.initial-delay-ms", "10");
        p.setProperty("omeda.retry.max-delay-ms", "50");
        p.setProperty("omeda.http.response-timeout-ms", "2000");
        p.setProperty("omeda.circuit.open-ms", "100");
        p.setProperty("omeda.source.file.dir", dir.resolve("input").toString());
        p.setProperty("omeda.output.uris", "file:" + dir.resolve("output") + "?fileName=phones.jsonl");
        p.setProperty("omeda.dead-letter.uri", "file:" + dir.resolve("output") + "?fileName=dead-letter.jsonl");
        p.setProperty("omeda.report.dir", dir.resolve("output/reports").toString());
        p.setProperty("omeda.broker.data-dir", dir.resolve("data/broker").toString());
        p.putAll(overrides);
        return p;
    }

    public PhoneSyncApp app() {
        return app;
    }

    public OmedaSimulator simulator() {
        return simulator;
    }

    public Path dir() {
        return dir;
    }

    public Path input() {
        return dir.resolve("input");
    }

    public Path output(String name) {
        return dir.resolve("output").resolve(name);
    }

    /** Writes an ids file into the test folder (not the drop folder) and returns it. */
    public Path idsFile(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Drops a file into the drop folder the way a careful producer does: a hidden name, then a rename. */
    public Path drop(String name, String content) throws IOException {
        Files.createDirectories(input());
        Path staged = input().resolve("." + name + ".part");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        return Files.move(staged, input().resolve(name));
    }

    public List<JsonNode> records() throws IOException {
        return jsonLines(output("phones.jsonl"));
    }

    public List<JsonNode> recordsOf(String customerId) throws IOException {
        return filter(records(), r -> customerId.equals(r.get("customerId").asText()));
    }

    public List<JsonNode> deadLetters() throws IOException {
        return jsonLines(output("dead-letter.jsonl"));
    }

    public List<JsonNode> deadLettersOf(String customerId) throws IOException {
        return filter(deadLetters(), r -> customerId.equals(r.get("customerId").asText()));
    }

    public static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        if (!Files.exists(file)) {
            return nodes;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<JsonNode> filter(List<JsonNode> nodes, Predicate<JsonNode> keep) {
        return nodes.stream().filter(keep).toList();
    }

    @Override
    public void close() throws Exception {
        try {
            app.stop();
        } finally {
            simulator.close();
        }
    }
}
