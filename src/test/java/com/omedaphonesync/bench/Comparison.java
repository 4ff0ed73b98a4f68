package com.omedaphonesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The guard of issue 15: {@code bench/run --compare=OTHER.jar [--jar=THIS.jar] [--quick]} runs this jar and
 * another (an earlier commit's, say) through the same cells, interleaved (this, other, this, other...), against
 * one simulator per latency in a JVM of its own, and judges this jar against the targets:
 * <ul>
 * <li>throughput, latency-bound (L = 20, 50, 100 ms × C = 8, 16, 64): the steady rate the server saw (25 % to
 * 90 % of the run's requests) at least 0.95 of C/L and at least 0.98 of the plain Apache client measured at the
 * same L and C just before the run;</li>
 * <li>CPU per id at L = 0 (C = 8 and 64; three rounds, median): the product JVM's steady CPU per lookup at most
 * the other jar's; and, as the goal, at most 1.5 times the plain client's, shown as a ratio.</li>
 * </ul>
 * Both jars are started with the same command line; what their JVMs actually run with is read with jcmd and
 * compared. Prints a Markdown report, writes it to {@code target/bench/compare.md}, and exits 1 if a target is
 * missed or a run failed.
 */
final class Comparison {
    private static final long[] LATENCIES_MS = { 20, 50, 100 };
    private static final int[] CONCURRENCIES = { 8, 16, 64 };
    private static final int[] CPU_CONCURRENCIES = { 8, 64 };
    private static final int CPU_WARM_UP_CONCURRENCY = 64;
    private static final double STEADY_FROM = 0.25;
    private static final double STEADY_TO = 0.90;
    private static final long MINIMUM_IDS = 200;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    /**
     * How long things run. Throughput: ids for {@code cellSeconds} at C/L. CPU: ids for {@code cpuCellSeconds} at
     * the plain client's pace, the batch stopped once its CPU window (after its warm-up) is long enough.
     */
    private record Mode(String name, double cellSeconds, Duration plainWarmUp, Duration plainMeasure, int cpuRounds,
            int cpuWarmUpSeconds, int cpuWindowSeconds, double cpuCellSeconds) {
        static final Mode FULL = new Mode("full", 25, Duration.ofSeconds(1), Duration.ofSeconds(5), 3, 10, 20, 40);
        static final Mode QUICK = new Mode("quick", 8, Duration.ofMillis(500), Duration.ofSeconds(2), 1, 5, 8, 20);
    }

    /** One of the two jars: {@code this} (judged) or {@code other}. */
    record Jar(String role, Path path) {
        @Override
        public String toString() {
            return role;
        }
    }

    private final Jar self;
    private final Jar other;
    private final Path simulatorJar;
    private final Path work;
    private final Mode mode;
    private final ComparisonReport report;
    private final List<Jar> jvmSeen = new ArrayList<>();
    private long nextId = 20_000_000L;

    private Comparison(Jar self, Jar other, Path simulatorJar, Path work, Mode mode, ComparisonReport report) {
        this.self = self;
        this.other = other;
        this.simulatorJar = simulatorJar;
        this.work = work;
        this.mode = mode;
        this.report = report;
    }

    /** Entry from {@link Benchmark#main} when the arguments hold {@code --compare=}. */
    static void main(String[] args) throws Exception {
        Mode mode = Mode.FULL;
        Path jar = Path.of("target/omeda-phone-sync.jar");
        Path otherJar = null;
        Path simulatorJar = null;
        Path out = Path.of("target/bench");
        for (String arg : args) {
            if (arg.equals("--quick")) {
                mode = Mode.QUICK;
            } else if (arg.startsWith("--compare=")) {
                otherJar = Path.of(arg.substring("--compare=".length()));
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring("--jar=".length()));
            } else if (arg.startsWith("--simulator-jar=")) {
                simulatorJar = Path.of(arg.substring("--simulator-jar=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else {
                System.err.println("Usage: bench/run --compare=OTHER.jar [--jar=target/omeda-phone-sync.jar]"
                        + " [--quick] [--simulator-jar=JAR (default: --jar)] [--out=target/bench]");
                System.exit(2);
            }
        }
        simulatorJar = simulatorJar == null ? jar : simulatorJar;
        List<String> problems = new ArrayList<>();
        for (Path file : Arrays.asList(jar, otherJar, simulatorJar)) {
            problems.addAll(JarLaunch.problems(file));
        }
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.exit(2);
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(out.toAbsolutePath(), "compare-");
        Jar self = new Jar("this", jar.toAbsolutePath().normalize());
        Jar other = new Jar("other", otherJar.toAbsolutePath().normalize());
        List<String> facts = new ArrayList<>(Machine.facts());
        facts.add("this jar: " + JarLaunch.describe(self.path()));
        facts.add("other jar: " + JarLaunch.describe(other.path()));
        facts.add("simulator jar: " + simulatorJar.toAbsolutePath().normalize());
        facts.add("manifest attributes that change how `java -jar` starts the JVM: "
                + JarLaunch.compareLaunchAttributes(self.path(), other.path()));
        ComparisonReport report = new ComparisonReport(mode.name(), String.join(" ", args),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), facts);
        new Comparison(self, other, simulatorJar, work, mode, report).run();
        report.loadAtEnd(Machine.loadAverage());
        String markdown = report.markdown();
        System.out.println(markdown);
        Files.writeString(out.resolve("compare.md"), markdown);
        System.out.println("Written to " + out.resolve("compare.md") + "; logs and outputs of each run under " + work);
        System.exit(report.allPass() ? 0 : 1);
    }

    private void run() throws IOException {
        for (long latency : LATENCIES_MS) {
            try (SimulatorProcess simulator = SimulatorProcess.start(simulatorJar, work, latency)) {
                for (int concurrency : CONCURRENCIES) {
                    ComparisonReport.Throughput mine = throughput(simulator, self, latency, concurrency);
                    ComparisonReport.Throughput theirs = throughput(simulator, other, latency, concurrency);
                    report.throughput(mine, theirs);
                }
            }
        }
        try (SimulatorProcess simulator = SimulatorProcess.start(simulatorJar, work, 0)) {
            // the simulator's JIT and the plain client's are warm before the first measured run, whichever jar
            progress("warming up the simulator and the plain client");
            PlainClient.APACHE.measure(simulator.baseUrl(), CPU_WARM_UP_CONCURRENCY, Duration.ZERO,
                    mode.plainMeasure().multipliedBy(2));
            for (int round = 1; round <= mode.cpuRounds(); round++) {
                for (int concurrency : CPU_CONCURRENCIES) {
                    report.cpu(cpu(simulator, self, concurrency, round));
                    report.cpu(cpu(simulator, other, concurrency, round));
                }
            }
        }
    }

    /** The plain client at L and C, then the jar's batch of C/L × cellSeconds ids, on the same simulator. */
    private ComparisonReport.Throughput throughput(SimulatorProcess simulator, Jar jar, long latency,
            int concurrency) {
        String cell = jar + "-L" + latency + "-C" + concurrency;
        progress(jar + " jar, L=" + latency + " ms, C=" + concurrency);
        double bound = concurrency * 1000.0 / latency;
        try {
            double plain = PlainClient.APACHE.measure(simulator.baseUrl(), concurrency, mode.plainWarmUp(),
                    mode.plainMeasure()).idsPerSecond();
            long ids = Math.max(MINIMUM_IDS, Math.round(bound * mode.cellSeconds()));
            Path file = IdFiles.distinct(work.resolve("ids-" + cell + ".txt"), takeIds(ids), ids);
            int before = simulator.stats().get("perSecond").size();
            JvmOptionsSeen seen = firstRunOf(jar) ? new JvmOptionsSeen(null) : null;
            BatchRun.Result result = BatchRun.run(jar.path(), work.resolve("batch-" + cell), file,
                    simulator.baseUrl(), concurrency, List.of(), List.of(), seen, RUN_LIMIT);
            jvmSeen(jar, seen);
            double steady = SteadyRate.between(simulator.stats().get("perSecond"), before, STEADY_FROM, STEADY_TO);
            return new ComparisonReport.Throughput(jar, latency, concurrency, bound, steady, plain,
                    result.problem(ids));
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new ComparisonReport.Throughput(jar, latency, concurrency, bound, Double.NaN, Double.NaN,
                    e.toString());
        }
    }

    /** The plain client at L = 0 and C, then the jar's batch until its steady CPU window is long enough. */
    private ComparisonReport.Cpu cpu(SimulatorProcess simulator, Jar jar, int concurrency, int round) {
        String cell = jar + "-cpu-C" + concurrency + "-round" + round;
        progress(jar + " jar, CPU, L=0, C=" + concurrency + ", round " + round);
        try {
            PlainClient.Measured plain = PlainClient.APACHE.measure(simulator.baseUrl(), concurrency,
                    mode.plainWarmUp(), mode.plainMeasure());
            // at the plain client's pace the file outlasts the window: the product is never the faster
            long ids = Math.max(MINIMUM_IDS, Math.round(plain.idsPerSecond() * mode.cpuCellSeconds()));
            Path file = IdFiles.distinct(work.resolve("ids-" + cell + ".txt"), takeIds(ids), ids);
            SteadyCpu cpu = new SteadyCpu(simulator, mode.cpuWarmUpSeconds(), mode.cpuWindowSeconds());
            BatchRun.Result result = BatchRun.run(jar.path(), work.resolve("batch-" + cell), file,
                    simulator.baseUrl(), concurrency, List.of(), List.of(), cpu, RUN_LIMIT);
            SteadyCpu.Result window = cpu.result();
            String problem = result.problem(ids);
            if (problem == null && Double.isNaN(window.productMicros())) {
                problem = "no steady window (the run was too short; see " + work.resolve("batch-" + cell) + ")";
            }
            return new ComparisonReport.Cpu(jar, concurrency, round, window.productMicros(), plain.cpuMicrosPerId(),
                    problem);
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new ComparisonReport.Cpu(jar, concurrency, round, Double.NaN, Double.NaN, e.toString());
        }
    }

    private boolean firstRunOf(Jar jar) {
        return !jvmSeen.contains(jar);
    }

    private void jvmSeen(Jar jar, JvmOptionsSeen seen) {
        if (seen != null) {
            jvmSeen.add(jar);
            report.jvm(jar, seen.seen());
        }
    }

    /** Fresh ids for each file, so no run's answers could be cached from another's. */
    private long takeIds(long count) {
        long first = nextId;
        nextId += count;
        return first;
    }

    private static void progress(String step) {
        System.err.println(String.format(Locale.ROOT, "[compare %tT] %s", Instant.now().toEpochMilli(), step));
    }
}
