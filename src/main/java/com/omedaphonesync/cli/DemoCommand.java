package com.omedaphonesync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.ConfigLoader;
import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.pipeline.Totals;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;

import jakarta.jms.JMSContext;

/**
 * {@code demo}: the whole product without credentials or outside services. It starts the simulator and an
 * embedded broker on free ports, then feeds sample ids through all three sources (a dropped file, queue
 * messages, a timer firing), waits until each id has its outcome and shows where everything went. Given a
 * PostgreSQL ({@code --omeda.mirror.jdbc-url=...}), it also keeps the {@code mirror:phones} table and shows it.
 */
final class DemoCommand {
    static final String QUEUE = "omeda.customer-ids";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static final String DROPPED_FILE = """
            # Sample ids for the demo: a CSV header, a comment, a duplicate and an invalid id
            customerId,brand
            12345,DEMO
            1001,
            1002,
            1001,
            NOTFOUND1,
            not-an-id!,
            """;
    private static final List<String> MESSAGES = List.of(
            "2001",
            "{\"customerId\": \"2002\", \"brand\": \"DEMO\"}",
            "[{\"customerId\": \"2003\"}, {\"customerId\": \"EMPTY1\"}]");
    private static final String REFRESH_IDS = """
            # Refreshed at each firing of the timer; FLAKY1a fails once and succeeds on retry
            3001
            3002
            FLAKY1a
            """;
    /** The ids above that reach an outcome (the duplicate 1001 is skipped). */
    private static final int EXPECTED_OUTCOMES = 5 + 4 + 3;

    private final PrintStream out;
    private final PrintStream err;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param given the configuration of the command line and the environment: only a database for the mirror
     *              ({@code omeda.mirror.*}) is taken from it, everything else is the demo's own
     */
    int execute(Path workDir, Properties given) {
        Path home = workDir.resolve("omeda-demo").toAbsolutePath();
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().build())) {
            reset(home);
            Properties properties = properties(home, simulator.baseUrl(), freePort());
            if (DemoMirror.given(given)) {
                DemoMirror.addTo(properties, given);
            }
            Files.writeString(home.resolve("config/refresh-ids.txt"), REFRESH_IDS, StandardCharsets.UTF_8);
            Settings settings = Settings.from(properties);
            PhoneSyncApp app = new PhoneSyncApp(settings, properties, PhoneSyncApp.Mode.DEMO);
            out.println("Demo: Omeda simulator at " + simulator.baseUrl() + ", working folder " + home);
            app.start();
            try {
                feed(home, properties.getProperty(Key.BROKER_URL.property()));
                boolean finished = awaitOutcomes(app.totals(), home.resolve("input/.done/sample-ids.txt"));
                summarize(app.totals(), home, simulator.requestCount());
                if (DemoMirror.given(given)) {
                    DemoMirror.show(settings.mirror(), out);
                }
                if (!finished) {
                    err.println("Demo: not every id reached its outcome within " + TIMEOUT.toSeconds() + " s");
                    return ExitCode.FAILED;
                }
                return ExitCode.OK;
            } finally {
                app.stop();
            }
        } catch (Exception e) {
            err.println("Demo failed: " + e);
            return ExitCode.FAILED;
        }
    }

    private static Properties properties(Path home, String simulatorUrl, int brokerPort) {
        Properties p = ConfigLoader.load(home, null, Map.of(), Map.of());
        p.setProperty(Key.BASE_URL.property(), simulatorUrl);
        p.setProperty(Key.BRAND.property(), "DEMO");
        p.setProperty(Key.APP_ID.property(), SimulatorOptions.DEFAULT_APP_ID);
        p.setProperty(Key.RETRY_INITIAL_DELAY.property(), "200");
        p.setProperty(Key.FILE_DIR.property(), home.resolve("input").toString());
        p.setProperty(Key.QUEUE_ENABLED.property(), "true");
        p.setProperty(Key.QUEUE_URI.property(), "jms:queue:" + QUEUE);
        p.setProperty(Key.BROKER_EMBEDDED.property(), "true");
        p.setProperty(Key.BROKER_URL.property(), "tcp://127.0.0.1:" + brokerPort);
        p.setProperty(Key.BROKER_DATA_DIR.property(), home.resolve("data/broker").toString());
        p.setProperty(Key.TIMER_ENABLED.property(), "true");
        p.setProperty(Key.TIMER_SCHEDULE.property(), "1h");
        p.setProperty(Key.TIMER_IDS_FILE.property(), home.resolve("config/refresh-ids.txt").toString());
        p.setProperty(Key.OUTPUT_URIS.property(), "file:" + home.resolve("output") + "?fileName=phones.jsonl");
        p.setProperty(Key.DEAD_LETTER_URI.property(), "file:" + home.resolve("output") + "?fileName=dead-letter.jsonl");
        p.setProperty(Key.REPORT_DIR.property(), home.resolve("output/reports").toString());
        return p;
    }

    private void feed(Path home, String brokerUrl) throws IOException {
        Path staged = home.resolve("input/.sample-ids.txt");
        Files.writeString(staged, DROPPED_FILE, StandardCharsets.UTF_8);
        Files.move(staged, home.resolve("input/sample-ids.txt"));
        out.println("Demo: dropped input/sample-ids.txt (6 ids, one repeated, one invalid)");
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
                JMSContext jms = factory.createContext()) {
            for (String message : MESSAGES) {
                jms.createProducer().send(jms.createQueue(QUEUE), message);
            }
        }
        out.println("Demo: sent " + MESSAGES.size() + " messages to queue " + QUEUE
                + " (a bare id, a JSON object, a JSON array)");
        out.println("Demo: the timer refreshes the ids of config/refresh-ids.txt at start-up and then hourly");
    }

    private static boolean awaitOutcomes(Totals totals, Path doneFile) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (totals.outcomes() >= EXPECTED_OUTCOMES && Files.exists(doneFile)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private void summarize(Totals totals, Path home, long omedaCalls) throws IOException {
        out.println();
        out.println("Demo summary: " + totals.outcomes() + " ids reached an outcome with " + omedaCalls
                + " calls to the simulator");
        out.println("  enriched:      " + totals.enriched() + " ids, " + totals.records() + " phone records");
        for (Reason reason : Reason.values()) {
            if (totals.deadLettered(reason) > 0) {
                out.println("  dead-lettered: " + totals.deadLettered(reason) + " " + reason);
            }
        }
        out.println("  duplicates skipped: " + totals.duplicates());
        out.println();
        out.println("Outputs:");
        out.println("  records       " + describe(home.resolve("output/phones.jsonl")));
        out.println("  dead letters  " + describe(home.resolve("output/dead-letter.jsonl")));
        out.println("  reports       " + home.resolve("output/reports"));
        out.println("  dropped file  " + home.resolve("input/.done/sample-ids.txt"));
    }

    private static String describe(Path file) throws IOException {
        if (!Files.exists(file)) {
            return file + " (none)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return file + " (" + lines.size() + " lines)" + (lines.isEmpty() ? "" : "\n      e.g. " + lines.get(0));
    }

    private static void reset(Path home) throws IOException {
        if (Files.exists(home)) {
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        for (String dir : List.of("input", "output", "config", "data")) {
            Files.createDirectories(home.resolve(dir));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
