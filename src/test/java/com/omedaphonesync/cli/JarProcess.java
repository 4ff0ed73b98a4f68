package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs the built jar ({@code -Domeda.jar=...}, set by failsafe) as a separate {@code java -jar} process in a
 * working directory, with every {@code OMEDA_*} and {@code CAMEL_*} variable removed from its environment
 * and its stdout/stderr captured in files beside (not inside) that directory. Every wait has a timeout, so
 * a hanging process fails the test instead of blocking the build.
 */
final class JarProcess {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path workDir;
    private final Path logDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();

    private JarProcess(Path workDir, Path logDir) {
        this.workDir = workDir;
        this.logDir = logDir;
    }

    /** Processes working in {@code dir/work}, their output kept in {@code dir/logs}. */
    static JarProcess in(Path dir) {
        try {
            return new JarProcess(Files.createDirectories(dir.resolve("work")),
                    Files.createDirectories(dir.resolve("logs")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path jar() {
        String jar = System.getProperty("omeda.jar");
        assertThat(jar).as("system property omeda.jar (set by maven-failsafe-plugin)").isNotBlank();
        Path path = Path.of(jar);
        assertThat(path).as("the built jar; run 'mvn verify', not the IT alone").isRegularFile();
        return path;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Path workDir() {
        return workDir;
    }

    /** An environment variable for the processes started from now on. */
    JarProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A JVM option (such as {@code -Dlog4j2.configurationFile=...}) for the processes started from now on. */
    JarProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Runs the jar to its end; fails the test when it is still running after {@code timeout}. */
    Result run(Duration timeout, String... args) throws Exception {
        Running running = start(args);
        if (!running.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            running.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("java -jar " + String.join(" ", args) + " did not end within " + timeout.toSeconds() + " s\n"
                    + running.output());
        }
        return running.result();
    }

    /** Starts the jar and returns at once. */
    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(jvm());
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        return launch(command, String.join(" ", args));
    }

    /** Starts a main class of the tests in a JVM of its own, on the jar's classes and the test classes. */
    Running startClass(Class<?> main, String... args) throws IOException {
        String testClasses;
        try {
            testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>(jvm());
        command.addAll(List.of("-cp", jar() + java.io.File.pathSeparator + testClasses, main.getName()));
        command.addAll(List.of(args));
        return launch(command, main.getSimpleName() + " " + String.join(" ", args));
    }

    private List<String> jvm() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        return command;
    }

    private Running launch(List<String> command, String args) throws IOException {
        int n = COUNTER.incrementAndGet();
        Path stdout = logDir.resolve(n + "-stdout.txt");
        Path stderr = logDir.resolve(n + "-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        builder.environment().keySet().removeIf(name -> name.startsWith("OMEDA_") || name.startsWith("CAMEL_"));
        builder.environment().putAll(environment);
        return new Running(args, builder.start(), stdout, stderr);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** A process started by {@link #start}. */
    static final class Running implements AutoCloseable {
        final String args;
        final Process process;
        private final Path stdout;
        private final Path stderr;

        Running(String args, Process process, Path stdout, Path stderr) {
            this.args = args;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        String stdout() {
            return read(stdout);
        }

        String stderr() {
            return read(stderr);
        }

        /** Both streams, for assertion messages. */
        String output() {
            return "--- stdout of java -jar " + args + "\n" + stdout() + "\n--- stderr\n" + stderr();
        }

        /** SIGTERM, then waits for the end; fails the test when the process outlives {@code timeout}. */
        Result terminate(Duration timeout) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("java -jar " + args + " was still running " + timeout.toSeconds() + " s after SIGTERM\n"
                        + output());
            }
            return result();
        }

        Result result() {
            return new Result(args, process.exitValue(), stdout(), stderr());
        }

        /** Kills a process the test left running (after a failed assertion). */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + file + ": " + e + ")";
            }
        }
    }

    /** How a process ended. */
    record Result(String args, int exitCode, String stdout, String stderr) {
        /** For assertion messages: the command and everything it printed. */
        String describe() {
            return "java -jar " + args + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n"
                    + stderr;
        }

        /** The secret must not appear in anything the process printed. */
        Result assertNeverPrints(String secret) {
            assertThat(stdout).as("stdout must not contain the app id value\n%s", describe())
                    .doesNotContain(secret);
            assertThat(stderr).as("stderr must not contain the app id value\n%s", describe())
                    .doesNotContain(secret);
            return this;
        }
    }

    /** The leading ids of {@code file} in {@code drop} that its checkpoint says are done; 0 without one. */
    static long checkpoint(Path drop, String file) throws IOException {
        Path at = drop.resolve(".checkpoint").resolve(file);
        if (!Files.exists(at)) {
            return 0;
        }
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(at, StandardCharsets.UTF_8)) {
            values.load(in);
        }
        return Long.parseLong(values.getProperty("ids", "0"));
    }

    /** The secret must not appear in any file under {@code dir} (outputs, dead letters, reports, .reason files). */
    static void assertNoFileContains(Path dir, String secret) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                        .as("%s must not contain the app id value", file).doesNotContain(secret);
            }
        }
    }
}
