package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;

/** The built jar run as a process against a simulator in the test JVM, each test in its own working folder. */
abstract class JarAgainstSimulator {
    /** The simulator's app id: distinctive, so that a leak into any output is found. */
    static final String APP_ID = "itAppIdQz7Kw3Secret";
    static final String WRONG_APP_ID = "itWrongAppIdXv9Pj2";
    static final ObjectMapper JSON = new ObjectMapper();

    static OmedaSimulator simulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulator() throws IOException {
        JarProcess.jar();
        simulator = OmedaSimulator.start(SimulatorOptions.builder().appId(APP_ID).build());
    }

    @AfterAll
    static void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList() : List.of();
    }

    static List<JsonNode> jsonLines(Path file) throws IOException {
        assertThat(file).isRegularFile();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    static List<Path> reports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }
}
