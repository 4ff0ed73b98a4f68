package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The distribution archives {@code mvn package} builds, used as an operator would: unpacked with {@code tar},
 * then {@code bin/omeda-phone-sync} run from the unpacked folder with nothing else, {@code JAVA_OPTS} honoured.
 */
class DistributionIT extends JarAgainstSimulator {
    private static final long TIMEOUT_SECONDS = 120;

    /** {@code target/omeda-phone-sync-VERSION}, without extension (set by maven-failsafe-plugin). */
    private static Path archiveBase() {
        String base = System.getProperty("omeda.distribution");
        assertThat(base).as("system property omeda.distribution (set by maven-failsafe-plugin)").isNotBlank();
        return Path.of(base);
    }

    @Test
    void theUnpackedDistributionRunsItsVersionHelpAndABatch() throws Exception {
        Path base = archiveBase();
        Path tarGz = Path.of(base + ".tar.gz");
        Path zip = Path.of(base + ".zip");
        assertThat(tarGz).as("built by mvn package").isRegularFile();
        assertThat(zip).as("built by mvn package").isRegularFile();
        String folder = base.getFileName().toString();
        String version = folder.substring("omeda-phone-sync-".length());

        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        Result untar = run(unpacked, Map.of(), "tar", "-xzf", tarGz.toAbsolutePath().toString());
        assertThat(untar.exitCode).as(untar.output).isZero();
        Path home = unpacked.resolve(folder);
        assertThat(entries(home, unpacked)).as("the zip holds the same files as the tar.gz")
                .isEqualTo(zipEntries(zip));
        assertThat(home.resolve("bin/omeda-phone-sync")).isExecutable();
        assertThat(home.resolve("lib/omeda-phone-sync-" + version + ".jar")).isRegularFile();
        assertThat(home.resolve("lib/log4j-layout-template-json-2.25.3.jar")).as("JSON logs by configuration")
                .isRegularFile();
        assertThat(home.resolve("config/application.properties")).isRegularFile();
        assertThat(home.resolve("routes/sources.yaml")).isRegularFile();
        assertThat(home.resolve("routes/outputs.yaml")).isRegularFile();
        assertThat(home.resolve("systemd/omeda-phone-sync.service")).isRegularFile();
        assertThat(home.resolve("monitoring/omeda-phone-sync-rules.yml")).as("Prometheus rules").isRegularFile();
        assertThat(home.resolve("monitoring/tests/alerts-test.yml")).as("their promtool tests").isRegularFile();
        assertThat(home.resolve("monitoring/grafana-dashboard.json")).as("the Grafana dashboard").isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();

        Result versionRun = run(home, Map.of(), "bin/omeda-phone-sync", "--version");
        assertThat(versionRun.exitCode).as(versionRun.output).isZero();
        assertThat(versionRun.stdout.strip()).as("the version of the jar's manifest").isEqualTo(
                "omeda-phone-sync " + version);

        Result help = run(home, Map.of(), "bin/omeda-phone-sync", "--help");
        assertThat(help.exitCode).as(help.output).isZero();
        assertThat(help.stdout).as("--help points to the README the distribution ships").contains("README.md");

        Path logFile = dir.resolve("launcher-logs/omeda.log");
        Path logConfig = Files.writeString(dir.resolve("log4j2-file.properties"), String.join("\n",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + logFile.toAbsolutePath(),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d %-5level %logger %msg%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file", ""), StandardCharsets.UTF_8);
        Files.writeString(home.resolve("ids.txt"), "12345\nNOTFOUND1\n", StandardCharsets.UTF_8);
        Result batch = run(home, Map.of("OMEDA_APP_ID", APP_ID,
                "JAVA_OPTS", "-Xmx256m -Dlog4j2.configurationFile=" + logConfig.toAbsolutePath()),
                "bin/omeda-phone-sync", "batch", "ids.txt", "--omeda.base-url=" + simulator.baseUrl(),
                "--omeda.brand=TEST");
        assertThat(batch.exitCode).as(batch.output).isZero();
        assertThat(lines(home.resolve("output/phones.jsonl"))).as(batch.output).hasSize(2);
        assertThat(lines(home.resolve("output/dead-letter.jsonl"))).as(batch.output).hasSize(1);
        assertThat(logFile).as("JAVA_OPTS reached the JVM: its log configuration wrote this file\n%s", batch.output)
                .content().contains("ids read");
    }

    private record Result(int exitCode, String stdout, String output) {
    }

    /** Runs a command in {@code workDir} with no OMEDA_/CAMEL_ variable but {@code environment}'s. */
    private Result run(Path workDir, Map<String, String> environment, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OMEDA_") || name.startsWith("CAMEL_")
                || name.equals("JAVA_OPTS"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("%s ended within %d s", String.join(" ", command), TIMEOUT_SECONDS).isTrue();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        return new Result(process.exitValue(), stdout, String.join(" ", command) + " exited " + process.exitValue()
                + "\n--- stdout\n" + stdout + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> entries(Path home, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static List<String> zipEntries(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            TreeSet<String> names = new TreeSet<>();
            for (ZipEntry entry : Collections.list(file.entries())) {
                if (!entry.isDirectory()) {
                    names.add(entry.getName());
                }
            }
            return new ArrayList<>(names);
        }
    }
}
