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
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The benchmark of issue 4: {@code batch} of the built jar against the simulator run as a separate process, for
 * latencies L and concurrencies C, compared with the bound min(C/L, R) and with a plain HTTP client; the rate
 * limit's accuracy seen by the server; the heap of a million-id batch under {@code -Xmx256m}; in each cell, the
 * CPU per lookup of the product and of the plain client once warm. Run by
 * {@code bench/run [--quick | --cpu | --memory]} (never by the test phases: the class name is neither a test's
 * nor an IT's); prints a Markdown report and writes it to {@code target/bench/results.md}. With
 * {@code --compare=OTHER.jar} it hands over to {@link Comparison}.
 */
public final class Benchmark {
    private static final long[] LATENCIES_MS = { 0, 20, 100 };
    private static final int[] CONCURRENCIES = { 1, 8, 64 };
    private static final long[] CPU_LATENCIES_MS = { 0 };
    private static final int[] CPU_CONCURRENCIES = { 8, 64 };
    private static final int WARM_UP_SECONDS = 10;
    private static final int SATURATION_CONCURRENCY = 128;
    private static final double LATENCY_TARGET = 0.95;
    private static final double PLAIN_TARGET = 0.80;
    /** Issue 8: the product's steady CPU per lookup at L = 0 must not rise above the product's before it (56021ea). */
    private static final double CPU_TARGET_MICROS = 140;
    private static final int RATE_LIMIT = 200;
    private static final int RATE_CONCURRENCY = 64;
    private static final long RATE_LATENCY_MS = 20;
    private static final long MEMORY_CHECKPOINT = 100_000;
    private static final String[] SLOW_TAIL = { "SLOW1", "SLOW2", "SLOW3", "SLOW4" };
    private static final long SLOW_MS = 8_000;
    private static final Duration CELL_LIMIT = Duration.ofMinutes(5);
    private static final Duration MEMORY_LIMIT = Duration.ofMinutes(30);

    /** Which parts a mode runs: everything, only the throughput grid, or only the memory run. */
    private enum Parts {
        ALL, GRID, MEMORY
    }

    /**
     * How long things run: the full run, a quick one to check the harness, the CPU one: only the grid (by
     * default L = 0 at C = 8 and 64, where CPU per lookup is the product's figure), with cells long enough for a
     * steady window of 20 s (the batch is stopped then: its whole-file rate is not measured), no rate limit nor
     * memory run; or the memory one: only the million-id run under {@code -Xmx256m}.
     */
    private record Mode(String name, Duration plainWarmUp, Duration plainMeasure, double cellSeconds, long minimumIds,
            double rateSeconds, long memoryIds, Parts parts, int cpuWindowSeconds) {
        static final Mode FULL = new Mode("full", Duration.ofSeconds(1), Duration.ofSeconds(5), 25, 200, 10, 1_000_000,
                Parts.ALL, 0);
        static final Mode QUICK = new Mode("quick", Duration.ofMillis(500), Duration.ofSeconds(2), 15, 100, 6,
                200_000, Parts.ALL, 0);
        /** Files for 40 s at the plain client's pace, stopped once the CPU window is 20 s long. */
        static final Mode CPU = new Mode("cpu", Duration.ofSeconds(1), Duration.ofSeconds(5), 40, 200, 0, 0,
                Parts.GRID, 20);
        static final Mode MEMORY = new Mode("memory", Duration.ZERO, Duration.ZERO, 0, 0, 0, 1_000_000,
                Parts.MEMORY, 0);
    }

    /** The cells of the throughput grid: every latency with every concurrency. */
    private record Grid(long[] latencies, int[] concurrencies) {
    }

    private final Path jar;
    private final Path simulatorJar;
    private final Path work;
    private final Mode mode;
    private final Grid grid;
    private final Report report;
    private long nextId = 10_000_000L;

    private Benchmark(Path jar, Path simulatorJar, Path work, Mode mode, Grid grid, Report report) {
        this.jar = jar;
        this.simulatorJar = simulatorJar;
        this.work = work;
        this.mode = mode;
        this.grid = grid;
        this.report = report;
    }

    public static void main(String[] args) throws Exception {
        // before any HttpClient exists: the JDK client of one cell must not keep idle connections open through
        // the next cells (the simulator would count them among its idle connections)
        System.setProperty("jdk.httpclient.keepalive.timeout", "2");
        Mode mode = Mode.FULL;
        Path jar = Path.of("target/omeda-phone-sync.jar");
        Path simulatorJar = null;
        Path out = Path.of("target/bench");
        long[] latencies = null;
        int[] concurrencies = null;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                mode = Mode.QUICK;
            } else if (arg.equals("--cpu")) {
                mode = Mode.CPU;
            } else if (arg.equals("--memory")) {
                mode = Mode.MEMORY;
            } else if (arg.startsWith("--compare=")) {
                Comparison.main(args);
                return;
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring("--jar=".length()));
            } else if (arg.startsWith("--simulator-jar=")) {
                simulatorJar = Path.of(arg.substring("--simulator-jar=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--latencies=")) {
                latencies = numbers(arg.substring("--latencies=".length())).toArray();
            } else if (arg.startsWith("--concurrencies=")) {
                concurrencies = numbers(arg.substring("--concurrencies=".length())).mapToInt(Math::toIntExact)
                        .toArray();
            } else {
                System.err.println("Usage: bench/run [--quick | --cpu | --memory] [--latencies=0,20,100]"
                        + " [--concurrencies=1,8,64]"
                        + " [--jar=target/omeda-phone-sync.jar] [--simulator-jar=JAR (default: --jar)]"
                        + " [--out=target/bench]\n"
                        + "       bench/run --compare=OTHER.jar [--jar=target/omeda-phone-sync.jar] [--quick]");
                System.exit(2);
            }
        }
        simulatorJar = simulatorJar == null ? jar : simulatorJar;
        for (Path file : List.of(jar, simulatorJar)) {
            if (!Files.isRegularFile(file)) {
                System.err.println("No " + file + ": build it first (mvn -B -q package -DskipTests)");
                System.exit(2);
            }
        }
        boolean cpu = mode.parts() == Parts.GRID;
        Grid grid = new Grid(latencies != null ? latencies : cpu ? CPU_LATENCIES_MS : LATENCIES_MS,
                concurrencies != null ? concurrencies : cpu ? CPU_CONCURRENCIES : CONCURRENCIES);
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(out.toAbsolutePath(), "work-");
        List<String> facts = new ArrayList<>(Machine.facts());
        facts.add("product jar: " + jar.toAbsolutePath().normalize());
        facts.add("simulator jar: " + simulatorJar.toAbsolutePath().normalize());
        Report report = new Report(mode.name(), Instant.now().truncatedTo(ChronoUnit.SECONDS), facts);
        new Benchmark(jar, simulatorJar, work, mode, grid, report).run();
        report.loadAtEnd(Machine.loadAverage());
        String markdown = report.markdown();
        System.out.println(markdown);
        Files.writeString(out.resolve("results.md"), markdown);
        System.out.println("Written to " + out.resolve("results.md") + "; logs and outputs of each run under " + work);
    }

    private static LongStream numbers(String list) {
        return Arrays.stream(list.split(",")).mapToLong(Long::parseLong);
    }

    private void run() throws Exception {
        // without L = 0 in the grid there is no saturation run to pick the faster client: Apache is the faster
        // in every run so far
        PlainClient plain = PlainClient.APACHE;
        report.plainClient(plain);
        for (long latency : mode.parts() == Parts.MEMORY ? new long[0] : grid.latencies()) {
            try (SimulatorProcess simulator = SimulatorProcess.start(simulatorJar, work, latency)) {
                if (latency == 0) {
                    plain = saturate(simulator);
                }
                for (int concurrency : grid.concurrencies()) {
                    progress("L=" + latency + " ms, C=" + concurrency);
                    try {
                        report.grid(gridCell(simulator, plain, latency, concurrency));
                    } catch (RuntimeException | IOException e) {
                        report.grid(new Report.GridRow(latency, concurrency, 0, null, Double.NaN, Double.NaN,
                                new PlainClient.Measured(Double.NaN, Double.NaN), SteadyCpu.Result.NONE, e.toString(),
                                null, null));
                    }
                }
            }
        }
        if (mode.parts() == Parts.GRID) {
            return;
        }
        if (mode.parts() == Parts.ALL) {
            progress("rate limit");
            try {
                report.rateLimit(rateLimitCell());
            } catch (RuntimeException | IOException e) {
                report.failure("rate limit", e);
            }
        }
        progress("memory");
        try {
            report.memory(memoryCell());
        } catch (RuntimeException | IOException e) {
            report.failure("memory", e);
        }
    }

    /**
     * The simulator's own ceiling with each plain client at high concurrency, and the CPU it spends per request
     * (a figure a busy machine disturbs less than a rate); returns the faster client. Both clients, and the
     * simulator, are warmed up first, so the first measured is not the one that paid for the JIT.
     */
    private PlainClient saturate(SimulatorProcess simulator) throws IOException {
        for (PlainClient client : PlainClient.values()) {
            progress("warming up the simulator with the " + client + " client");
            client.measure(simulator.baseUrl(), SATURATION_CONCURRENCY, Duration.ZERO, mode.plainMeasure());
        }
        PlainClient fastest = null;
        double best = 0;
        for (PlainClient client : PlainClient.values()) {
            progress("simulator saturation with the " + client + " client");
            long requestsBefore = simulator.requests();
            Duration cpuBefore = simulator.cpuTime();
            double rate = client.measure(simulator.baseUrl(), SATURATION_CONCURRENCY, mode.plainWarmUp(),
                    mode.plainMeasure()).idsPerSecond();
            double cpuMicros = simulator.cpuTime().minus(cpuBefore).toNanos() / 1000.0
                    / Math.max(1, simulator.requests() - requestsBefore);
            report.saturation(client, SATURATION_CONCURRENCY, rate, cpuMicros);
            if (rate > best) {
                best = rate;
                fastest = client;
            }
        }
        report.plainClient(fastest);
        return fastest;
    }

    private Report.GridRow gridCell(SimulatorProcess simulator, PlainClient plain, long latency, int concurrency)
            throws IOException, InterruptedException {
        PlainClient.Measured plainMeasured = plain.measure(simulator.baseUrl(), concurrency, mode.plainWarmUp(),
                mode.plainMeasure());
        double plainRate = plainMeasured.idsPerSecond();
        double bound = latency == 0 ? Double.POSITIVE_INFINITY : concurrency * 1000.0 / latency;
        // at L = 0 the product's pace is not known beforehand: a third of the plain client's is a fair guess; a
        // run stopped after its CPU window must not run out of ids first, and the product is never the faster
        double pace = latency > 0 ? bound : mode.cpuWindowSeconds() > 0 ? plainRate : plainRate / 3;
        long ids = idsFor(pace, mode.cellSeconds());
        Path file = IdFiles.distinct(work.resolve("ids-L" + latency + "-C" + concurrency + ".txt"), takeIds(ids), ids);
        int secondsBefore = simulator.stats().get("perSecond").size();
        SteadyCpu cpu = new SteadyCpu(simulator, WARM_UP_SECONDS, mode.cpuWindowSeconds());
        BatchRun.Result result = BatchRun.run(jar, work.resolve("batch-L" + latency + "-C" + concurrency), file,
                simulator.baseUrl(), concurrency, List.of(), List.of(), cpu, CELL_LIMIT);
        double steady = steady(simulator.stats().get("perSecond"), secondsBefore);
        if (latency == 0) {
            for (PlainClient other : PlainClient.values()) {
                if (other != plain) {
                    report.otherPlain(concurrency, other, other.measure(simulator.baseUrl(), concurrency,
                            mode.plainWarmUp(), mode.plainMeasure()), steady);
                }
            }
        }
        return new Report.GridRow(latency, concurrency, ids, result, steady, bound, plainMeasured, cpu.result(),
                result.problem(ids), gridTarget(latency, concurrency), cpuTarget(latency, concurrency));
    }

    /**
     * Requests per second the server saw from the batch once its JVM is warm: the whole seconds of its run after
     * the first {@code WARM_UP_SECONDS} (a fresh JVM spends them compiling its hot path) and before the last one
     * (cut short by the end of the ids); NaN when the run was too short to have any.
     *
     * @param from the seconds the simulator had counted before the batch started
     */
    private static double steady(JsonNode perSecond, int from) {
        int start = from;
        while (start < perSecond.size() && perSecond.get(start).asLong() == 0) {
            start++;
        }
        long requests = 0;
        int seconds = 0;
        for (int i = start + WARM_UP_SECONDS; i < perSecond.size() - 1; i++) {
            requests += perSecond.get(i).asLong();
            seconds++;
        }
        return seconds < 3 ? Double.NaN : (double) requests / seconds;
    }

    private static Report.Target gridTarget(long latency, int concurrency) {
        if (latency > 0) {
            return new Report.Target("≥ " + LATENCY_TARGET + " × C/L", Report.Against.BOUND, LATENCY_TARGET);
        }
        if (concurrency >= 8) {
            return new Report.Target("≥ " + PLAIN_TARGET + " × plain", Report.Against.PLAIN, PLAIN_TARGET);
        }
        return null;
    }

    private static Report.CpuTarget cpuTarget(long latency, int concurrency) {
        return latency == 0 && concurrency >= 8 ? new Report.CpuTarget(CPU_TARGET_MICROS) : null;
    }

    private Report.RateRow rateLimitCell() throws IOException, InterruptedException {
        long ids = idsFor(RATE_LIMIT, mode.rateSeconds());
        Path file = IdFiles.distinct(work.resolve("ids-rate.txt"), takeIds(ids), ids);
        try (SimulatorProcess simulator = SimulatorProcess.start(simulatorJar, work, RATE_LATENCY_MS)) {
            BatchRun.Result result = BatchRun.run(jar, work.resolve("batch-rate"), file, simulator.baseUrl(),
                    RATE_CONCURRENCY, List.of(), List.of("--omeda.http.rate-limit-per-second=" + RATE_LIMIT), null,
                    CELL_LIMIT);
            JsonNode stats = simulator.stats();
            return new Report.RateRow(RATE_LIMIT, RATE_CONCURRENCY, RATE_LATENCY_MS, ids, result,
                    sustained(stats.get("perSecond")), stats.get("busiestSecond").asInt(), result.problem(ids));
        }
    }

    /**
     * Requests per second the server saw in the middle of the run: the whole seconds after the first one (the
     * start, when the bucket may hold a burst) and before the last, which is cut short by the end of the ids.
     */
    private static double sustained(JsonNode perSecond) {
        int seconds = perSecond.size();
        if (seconds < 3) {
            return Double.NaN;
        }
        long requests = 0;
        for (int i = 1; i < seconds - 1; i++) {
            requests += perSecond.get(i).asLong();
        }
        return (double) requests / (seconds - 2);
    }

    private Report.MemoryRow memoryCell() throws IOException, InterruptedException {
        long distinct = Math.round(mode.memoryIds() * 0.9);
        Path file = IdFiles.withDuplicates(work.resolve("ids-memory.txt"), takeIds(distinct), distinct, SLOW_TAIL);
        long lines = distinct + IdFiles.duplicatesIn(distinct) + SLOW_TAIL.length;
        long lookups = distinct + SLOW_TAIL.length;
        // heap after the first 100,000 lookups, then once every lookup has arrived (the slow tail still running)
        long[] checkpoints = { MEMORY_CHECKPOINT, lookups };
        long[] heapKb = { -1, -1 };
        int[] taken = { 0 };
        try (SimulatorProcess simulator = SimulatorProcess.start(simulatorJar, work, 0, "--simulator.slow-ms=" + SLOW_MS)) {
            BatchRun.Probe probe = pid -> {
                if (taken[0] < checkpoints.length && simulator.requests() >= checkpoints[taken[0]]) {
                    heapKb[taken[0]++] = Heap.usedAfterFullGcKb(pid);
                }
            };
            BatchRun.Result result = BatchRun.run(jar, work.resolve("batch-memory"), file, simulator.baseUrl(), 64,
                    List.of("-Xmx256m"), List.of(), probe, MEMORY_LIMIT);
            return new Report.MemoryRow(lines, distinct + SLOW_TAIL.length, result, heapKb[0], heapKb[1],
                    result.problem(lookups));
        }
    }

    private long idsFor(double idsPerSecond, double seconds) {
        return Math.max(mode.minimumIds(), Math.round(idsPerSecond * seconds));
    }

    /** Fresh ids for each file, so no cell's answers could be cached from another's. */
    private long takeIds(long count) {
        long first = nextId;
        nextId += count;
        return first;
    }

    private static void progress(String step) {
        System.err.println(String.format(Locale.ROOT, "[bench %tT] %s", Instant.now().toEpochMilli(), step));
    }
}
