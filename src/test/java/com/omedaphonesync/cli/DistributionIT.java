package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The distribution archives {@code mvn package} builds, used as an operator would: unpacked with {@code tar},
 * then {@code bin/omeda-phone-sync} run from the unpacked folder with nothing else, {@code JAVA_OPTS} honoured;
 * installed and upgraded as docs/install.md says.
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
        assertThat(home.resolve("config/application.properties.example")).isRegularFile();
        assertThat(home.resolve("config/refresh-ids.txt.example")).isRegularFile();
        assertThat(home.resolve("routes.example/sources.yaml")).isRegularFile();
        assertThat(home.resolve("routes.example/outputs.yaml")).isRegularFile();
        assertThat(home.resolve("config/application.properties")).as("shipped as .example, never overwriting yours")
                .doesNotExist();
        assertThat(home.resolve("config/refresh-ids.txt")).as("shipped as .example").doesNotExist();
        assertThat(home.resolve("routes")).as("shipped as routes.example/, the jar's copy used without it")
                .doesNotExist();
        assertThat(home.resolve("systemd/omeda-phone-sync.service")).isRegularFile();
        assertThat(home.resolve("systemd/omeda-phone-sync-housekeeping.service")).isRegularFile();
        assertThat(home.resolve("systemd/omeda-phone-sync-housekeeping.timer")).isRegularFile();
        assertThat(home.resolve("monitoring/omeda-phone-sync-rules.yml")).as("Prometheus rules").isRegularFile();
        assertThat(home.resolve("monitoring/tests/alerts-test.yml")).as("their promtool tests").isRegularFile();
        assertThat(home.resolve("monitoring/grafana-dashboard.json")).as("the Grafana dashboard").isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(markdownFiles(home.resolve("docs"))).as("the documentation the README links to")
                .isNotEmpty().isEqualTo(markdownFiles(Path.of("docs")));

        Result versionRun = run(home, Map.of(), "bin/omeda-phone-sync", "--version");
        assertThat(versionRun.exitCode).as(versionRun.output).isZero();
        assertThat(versionRun.stdout.strip()).as("the version of the jar's manifest").isEqualTo(
                "omeda-phone-sync " + version);

        // issue 18: the jar as shipped runs with java -jar too, and --help offers only what works
        Result javaJar = run(home, Map.of(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "lib/omeda-phone-sync-" + version + ".jar", "--version");
        assertThat(javaJar.exitCode).as(javaJar.output).isZero();
        assertThat(javaJar.stdout.strip()).isEqualTo("omeda-phone-sync " + version);

        Result help = run(home, Map.of(), "bin/omeda-phone-sync", "--help");
        assertThat(help.exitCode).as(help.output).isZero();
        assertThat(help.stdout).as("--help points to the README the distribution ships").contains("README.md");
        assertThat(help.stdout).as("--help names the launcher, not a jar path the archive lacks")
                .contains("bin/omeda-phone-sync").doesNotContain("java -jar");

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
        assertThat(batch.output).as("one Commons Logging bridge on the class path, no warning about another")
                .doesNotContain("Commons Logging discovery");
        assertThat(lines(home.resolve("output/phones.jsonl"))).as(batch.output).hasSize(2);
        assertThat(lines(home.resolve("output/dead-letter.jsonl"))).as(batch.output).hasSize(1);
        assertThat(logFile).as("JAVA_OPTS reached the JVM: its log configuration wrote this file\n%s", batch.output)
                .content().contains("ids read");
    }

    /**
     * Installed as docs/install.md says (the version unpacked in its own folder, a {@code current} link to it, a
     * working directory of its own holding config/ and routes/), then the next version unpacked beside it and,
     * by mistake, right over the working directory: the operator's configuration and routes stay as they were.
     */
    @Test
    void unpackingANewVersionLeavesTheOperatorsConfigurationAndRoutesAlone() throws Exception {
        Path tarGz = Path.of(archiveBase() + ".tar.gz");
        String folder = archiveBase().getFileName().toString();
        Path opt = Files.createDirectories(dir.resolve("opt/omeda-phone-sync"));
        untar(tarGz, opt);
        Path current = Files.createSymbolicLink(opt.resolve("current"), Path.of(folder));

        Path work = Files.createDirectories(dir.resolve("var/lib/omeda-phone-sync"));
        Path config = Files.createDirectories(work.resolve("config")).resolve("application.properties");
        Files.writeString(config, "omeda.brand=TEST\nomeda.base-url=" + simulator.baseUrl() + "\n",
                StandardCharsets.UTF_8);
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path route : shipped.toList()) {
                Files.copy(route, routes.resolve(route.getFileName()));
            }
        }
        Files.writeString(routes.resolve("sources.yaml"), "# the operator's own change\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Map<Path, String> operatorsFiles = contents(work);

        Files.writeString(work.resolve("ids.txt"), "12345\n", StandardCharsets.UTF_8);
        Result batch = run(work, Map.of("OMEDA_APP_ID", APP_ID),
                current.resolve("bin/omeda-phone-sync").toString(), "batch", "ids.txt");
        assertThat(batch.exitCode).as("brand and base URL from the working directory's config/\n%s", batch.output)
                .isZero();
        assertThat(lines(work.resolve("output/phones.jsonl"))).as(batch.output).hasSize(2);

        untar(tarGz, opt);
        Result overWork = run(work, Map.of(), "tar", "-xzf", tarGz.toAbsolutePath().toString(),
                "--strip-components=1");
        assertThat(overWork.exitCode).as(overWork.output).isZero();
        assertThat(work.resolve("bin/omeda-phone-sync")).as("the archive was unpacked there").isRegularFile();
        assertThat(contents(work)).as("the operator's config/ and routes/ after unpacking")
                .containsAllEntriesOf(operatorsFiles);
    }

    private void untar(Path tarGz, Path into) throws Exception {
        Result untar = run(into, Map.of(), "tar", "-xzf", tarGz.toAbsolutePath().toString());
        assertThat(untar.exitCode).as(untar.output).isZero();
    }

    /** The files of config/ and routes/ under {@code work}, with their text. */
    private static Map<Path, String> contents(Path work) throws IOException {
        Map<Path, String> contents = new TreeMap<>();
        for (String folder : List.of("config", "routes")) {
            try (Stream<Path> files = Files.walk(work.resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    contents.put(work.relativize(file), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return contents;
    }

    private static List<String> markdownFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".md")).sorted()
                    .toList();
        }
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
