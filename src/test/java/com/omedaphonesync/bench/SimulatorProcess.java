package com.omedaphonesync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The product's own simulator ({@code java -jar ... simulate}) in a JVM of its own, so that its CPU and heap are
 * not the measured process's; its counters are read over HTTP from {@code /simulator/stats}.
 */
final class SimulatorProcess implements AutoCloseable {
    static final String APP_ID = "demo-app-id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient STATS = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private SimulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the simulator with {@code --simulator.latency-ms=latencyMillis} and waits until it answers. */
    static SimulatorProcess start(Path jar, Path logDir, long latencyMillis, String... options) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toAbsolutePath().toString(), "simulate",
                "--simulator.port=" + port, "--simulator.latency-ms=" + latencyMillis,
                "--simulator.app-id=" + APP_ID));
        command.addAll(List.of(options));
        try {
            Process process = new ProcessBuilder(command).directory(logDir.toFile())
                    .redirectErrorStream(true).redirectOutput(logDir.resolve("simulator-" + port + ".log").toFile())
                    .start();
            SimulatorProcess simulator = new SimulatorProcess(process, port);
            simulator.awaitListening();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The body of {@code /simulator/stats}: requests, busiestSecond, perSecond, answers. */
    JsonNode stats() {
        try {
            HttpResponse<byte[]> response = STATS.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/simulator/stats"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the simulator's statistics", e);
        }
    }

    long requests() {
        return stats().get("requests").asLong();
    }

    /** CPU time the simulator's JVM has used so far, all threads; zero where the OS does not tell. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the simulator exited with " + process.exitValue());
            }
            try {
                stats();
                return;
            } catch (UncheckedIOException notYet) {
                Pause.millis(100);
            }
        }
        close();
        throw new IllegalStateException("the simulator did not answer within 60 s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
