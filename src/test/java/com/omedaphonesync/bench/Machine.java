package com.omedaphonesync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures depend on: cores, CPU, memory, the JVM, and how busy the machine was. */
final class Machine {
    private Machine() {
    }

    static List<String> facts() {
        return List.of(
                "cores (nproc): " + Runtime.getRuntime().availableProcessors(),
                "CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name"),
                "RAM: " + firstValue(Path.of("/proc/meminfo"), "MemTotal"),
                "java -version: " + javaVersion(),
                "load average at start (1, 5, 15 min): " + loadAverage());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String javaVersion() {
        try {
            Process process = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return String.join(" / ", output.strip().split("\\R"));
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
