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
 * side counts the requests per second. Each cell first warms its instances up on ids of their own (20 s at the
 * bound: three fresh JVMs compiling their hot paths on one 2-core machine take up to 20 s to reach their rate),
 * then times a second lot of ids; its rate is the steady rate of that lot (whole seconds between 25 % and 90 % of
 * its requests, as in the throughput grid), and the report is the ratio of the two cells (target: 3 instances at
 * least 2.7 times one).
 */
public final class ScaleOutBenchmark {
    private static final long LATENCY_MS = 100;
    private static final int CONCURRENCY = 8;
    private static final String QUEUE = "omeda.customer-ids";
    private static final int IDS_A_MESSAGE = 8;
    private static final double TARGET = 2.7;
    private static final int WARM_UP_SECONDS = 20;

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/omeda-phone-sync.jar");
        Path out = Path.of("target/bench-scale-out");
        int seconds = 30;
        for (String arg : args) {
            if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring("--jar=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring("--seconds=".length()));
            } else if (!arg.equals("--scale-out")) {
                System.err.println("Usage: bench/run --scale-out [--seconds=30] [--jar=target/omeda-phone-sync.jar]"
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
        System.out.printf("%n| instances | ids/s (steady, warm) |%n|---:|---:|%n| 1 | %.1f |%n| 3 | %.1f |%n", one, three);
        System.out.printf("%nScale-out at L = %d ms, C = %d each: 3 instances / 1 = %.2f (target >= %.1f): %s%n",
                LATENCY_MS, CONCURRENCY, ratio, TARGET, ratio >= TARGET ? "met" : "NOT met");
    }

    /** The steady rate Omeda sees while {@code instances}, warmed up, work one queue of enough ids. */
    private static double cell(Path jar, Path dir, int instances, int seconds) throws Exception {
        Files.createDirectories(dir);
        int perSecondBound = (int) (instances * CONCURRENCY * (1000 / LATENCY_MS));
        String brokerUrl = "tcp://localhost:" + freePort();
        List<Process> started = new ArrayList<>();
        try (SimulatorProcess simulator = SimulatorProcess.start(jar, dir, LATENCY_MS)) {
            started.add(java(dir, "broker", "-cp", jar + java.io.File.pathSeparator + testClasses(),
                    StandaloneBroker.class.getName(), brokerUrl, dir.resolve("broker-data").toString()));
            try (JmsClient jms = connect(brokerUrl)) {
                int warmUp = send(jms, "W" + instances + "x", perSecondBound * WARM_UP_SECONDS);
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
                awaitRequests(simulator, warmUp, started, dir);
                int warmSeconds = simulator.stats().get("perSecond").size();
                int ids = send(jms, "S" + instances + "x", perSecondBound * seconds);
                awaitRequests(simulator, warmUp + ids, started, dir);
                JsonNode perSecond = simulator.stats().get("perSecond");
                double steady = SteadyRate.between(perSecond, warmSeconds, 0.25, 0.90);
                System.out.printf("%d instance(s): %d ids to warm up, then %d ids timed: steady %.1f ids/s;"
                        + " per second %s%n", instances, warmUp, ids, steady, perSecond);
                return steady;
            }
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

    /** Sends {@code ids} ids in messages of {@link #IDS_A_MESSAGE}, named {@code prefix} and a number. */
    private static int send(JmsClient jms, String prefix, int ids) {
        for (int i = 0; i < ids; i += IDS_A_MESSAGE) {
            StringBuilder message = new StringBuilder();
            for (int k = i; k < i + IDS_A_MESSAGE; k++) {
                message.append(prefix).append(k).append('\n');
            }
            jms.send(QUEUE, message.toString());
        }
        return ids;
    }

    /** Waits until the simulator has seen {@code requests} in all, while every process of the cell lives. */
    private static void awaitRequests(SimulatorProcess simulator, long requests, List<Process> started, Path dir)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(requests / 20 + 120);
        while (simulator.requests() < requests) {
            if (started.stream().anyMatch(process -> !process.isAlive())) {
                throw new IllegalStateException("a process of the cell ended; see the logs in " + dir);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the simulator saw " + simulator.requests() + " of " + requests
                        + " requests in time; see the logs in " + dir);
            }
            Pause.millis(500);
        }
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
