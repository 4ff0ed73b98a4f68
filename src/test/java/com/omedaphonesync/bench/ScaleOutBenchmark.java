package com.omedaphonesync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.cli.StandaloneBroker;
import com.omedaphonesync.support.JmsClient;

/**
 * The scale-out cell of issue 16 ({@code bench/run --scale-out}): one queue on a standalone Artemis broker, worked
 * by 1 and then by 3 instances of the product ({@code java -jar ... run}, each a JVM of its own, C = 8) while
 * latency-bound (the simulator answers after L = 100 ms, so one instance does at most C / L = 80 ids/s). Omeda's
 * side counts the requests per second; the cell's rate is the median second once every instance works, and the
 * report is the ratio of the two (target: 3 instances at least 2.7 times one).
 */
public final class ScaleOutBenchmark {
    private static final long LATENCY_MS = 100;
    private static final int CONCURRENCY = 8;
    private static final String QUEUE = "omeda.customer-ids";
    private static final int IDS_A_MESSAGE = 8;
    private static final double TARGET = 2.7;

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/omeda-phone-sync.jar");
        Path out = Path.of("target/bench-scale-out");
        int seconds = 20;
        for (String arg : args) {
            if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring("--jar=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring("--seconds=".length()));
            } else if (!arg.equals("--scale-out")) {
                System.err.println("Usage: bench/run --scale-out [--seconds=20] [--jar=target/omeda-phone-sync.jar]"
                        + " [--out=target/bench-scale-out]");
                System.exit(2);
            }
        }
        Files.createDirectories(out);
        // the processes work in folders of their own
        jar = jar.toAbsolutePath();
        out = out.toAbsolutePath();
        System.out.println(String.join(", ", Machine.facts()) + ", load average " + Machine.loadAverage());
        double one = cell(jar, out.resolve("1"), 1, seconds);
        double three = cell(jar, out.resolve("3"), 3, seconds);
        double ratio = three / one;
        System.out.printf("%n| instances | ids/s (median second) |%n|---:|---:|%n| 1 | %.1f |%n| 3 | %.1f |%n", one, three);
        System.out.printf("%nScale-out at L = %d ms, C = %d each: 3 instances / 1 = %.2f (target >= %.1f): %s%n",
                LATENCY_MS, CONCURRENCY, ratio, TARGET, ratio >= TARGET ? "met" : "NOT met");
    }

    /** The median of Omeda's per-second counts while {@code instances} work one queue of enough ids. */
    private static double cell(Path jar, Path dir, int instances, int seconds) throws Exception {
        Files.createDirectories(dir);
        int ids = (int) (instances * CONCURRENCY * (1000 / LATENCY_MS) * seconds);
        String brokerUrl = "tcp://localhost:" + freePort();
        List<Process> started = new ArrayList<>();
        try (SimulatorProcess simulator = SimulatorProcess.start(jar, dir, LATENCY_MS)) {
            started.add(java(dir, "broker", "-cp", jar + java.io.File.pathSeparator + testClasses(),
                    StandaloneBroker.class.getName(), brokerUrl, dir.resolve("broker-data").toString()));
            try (JmsClient jms = connect(brokerUrl)) {
                for (int i = 0; i < ids; i += IDS_A_MESSAGE) {
                    StringBuilder message = new StringBuilder();
                    for (int k = i; k < i + IDS_A_MESSAGE; k++) {
                        message.append('S').append(instances).append('x').append(k).append('\n');
                    }
                    jms.send(QUEUE, message.toString());
                }
            }
            long before = simulator.requests();
            for (int n = 1; n <= instances; n++) {
                started.add(java(dir, "instance-" + n, "-jar", jar.toString(), "run",
                        "--omeda.base-url=" + simulator.baseUrl(), "--omeda.brand=BENCH",
                        "--omeda.app-id=" + SimulatorProcess.APP_ID,
                        "--omeda.http.concurrency=" + CONCURRENCY, "--omeda.source.file.enabled=false",
                        "--omeda.source.queue.enabled=true", "--omeda.broker.url=" + brokerUrl,
                        "--omeda.output.uris=file:" + dir.resolve("output-" + n) + "?fileName=phones.jsonl",
                        "--omeda.dead-letter.uri=file:" + dir.resolve("output-" + n) + "?fileName=dead-letter.jsonl",
                        "--camel.management.port=" + freePort()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds * 4L + 120);
            while (simulator.requests() - before < ids && System.nanoTime() < deadline) {
                if (started.stream().anyMatch(process -> !process.isAlive())) {
                    throw new IllegalStateException("a process of the cell ended; see the logs in " + dir);
                }
                Pause.millis(500);
            }
            JsonNode perSecond = simulator.stats().get("perSecond");
            double median = busyMedian(perSecond);
            System.out.printf("%d instance(s): %d ids, %d requests, median %.1f ids/s, per second %s%n", instances,
                    ids, simulator.requests() - before, median, perSecond);
            return median;
        } finally {
            for (Process process : started) {
                process.destroy();
            }
            for (Process process : started) {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The median of the seconds with at least half the busiest second's requests: every instance at work. */
    private static double busyMedian(JsonNode perSecond) {
        int peak = 0;
        for (JsonNode count : perSecond) {
            peak = Math.max(peak, count.asInt());
        }
        int half = peak / 2;
        List<Integer> busy = new ArrayList<>();
        perSecond.forEach(count -> {
            if (count.asInt() >= half) {
                busy.add(count.asInt());
            }
        });
        int[] sorted = busy.stream().mapToInt(Integer::intValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    private static Process java(Path dir, String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m"));
        command.addAll(Arrays.asList(args));
        Path work = Files.createDirectories(dir.resolve(name));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static String testClasses() {
        try {
            return Path.of(StandaloneBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JmsClient connect(String url) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return new JmsClient(url);
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Pause.millis(200);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
