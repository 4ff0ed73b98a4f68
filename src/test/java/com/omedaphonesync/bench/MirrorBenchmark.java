package com.omedaphonesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 10's cell (docs/performance.md, mirror): {@code batch} at L = 20 ms, C = 64 with the file output alone,
 * then with the {@code mirror:} output alone into a real PostgreSQL 14 (zonky's embedded server, on the same
 * machine), in turns, on one simulator; fresh ids for each run, an empty table before each mirror run. Target:
 * the mirror's ids/s at least 0.95 of the file output's. Run by {@code bench/run --mirror [--quick]}.
 */
public final class MirrorBenchmark {
    private static final long LATENCY_MS = 20;
    private static final int CONCURRENCY = 64;
    private static final double TARGET = 0.95;
    private static final int WARM_UP_SECONDS = 10;
    private static final Duration CELL_LIMIT = Duration.ofMinutes(5);
    private static final String TABLE = "phones";

    /** One batch: its rates, and the CPU per id of the product, the simulator and PostgreSQL, in µs. */
    private record Run(String output, long ids, BatchRun.Result result, double steady, double productCpu,
            double simulatorCpu, double databaseCpu) {
        double totalCpu() {
            return productCpu + simulatorCpu + databaseCpu;
        }
    }

    /** The CPU time a batch's JVM has used, as last seen while it ran (every 100 ms). */
    private static final class CpuProbe implements BatchRun.Probe {
        private Duration used = Duration.ZERO;

        @Override
        public void poll(long pid) {
            ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                    .ifPresent(cpu -> used = cpu);
        }
    }

    private MirrorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 25;
        int rounds = 2;
        Path jar = Path.of("target/omeda-phone-sync.jar");
        Path out = Path.of("target/bench");
        for (String arg : args) {
            if (arg.equals("--quick")) {
                seconds = 15;
                rounds = 1;
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring("--jar=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else {
                System.err.println("Usage: bench/run --mirror [--quick] [--jar=...] [--out=target/bench]");
                System.exit(2);
            }
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory(out.toAbsolutePath(), "mirror-");
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long ids = Math.round(CONCURRENCY * 1000.0 / LATENCY_MS * seconds);
        List<Run> runs = new ArrayList<>();
        long nextId = 20_000_000L;
        Path dataDir = Files.createDirectories(work.resolve("postgres"));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(true).setPGStartupWait(Duration.ofSeconds(60)).start();
                SimulatorProcess simulator = SimulatorProcess.start(jar, work, LATENCY_MS)) {
            String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            for (int round = 1; round <= rounds; round++) {
                for (String output : List.of("file", "mirror")) {
                    progress("round " + round + ", " + output + " output");
                    Path file = IdFiles.distinct(work.resolve("ids-" + output + round + ".txt"), nextId, ids);
                    nextId += ids;
                    List<String> settings = new ArrayList<>();
                    if (output.equals("mirror")) {
                        execute(postgres, "DROP TABLE IF EXISTS " + TABLE + ", " + TABLE + "_customers");
                        settings.addAll(List.of("--omeda.output.uris=mirror:" + TABLE,
                                "--omeda.mirror.jdbc-url=" + jdbcUrl, "--omeda.mirror.user=postgres"));
                    }
                    int secondsBefore = simulator.stats().get("perSecond").size();
                    Duration simulatorBefore = simulator.cpuTime();
                    long databaseBefore = PostgresCpu.millis(dataDir);
                    CpuProbe product = new CpuProbe();
                    BatchRun.Result result = BatchRun.run(jar, work.resolve("batch-" + output + round), file,
                            simulator.baseUrl(), CONCURRENCY, List.of(), settings, product, CELL_LIMIT);
                    String problem = result.problem(ids);
                    if (problem == null && output.equals("mirror") && customers(postgres) != ids) {
                        problem = customers(postgres) + " customers in the mirror, expected " + ids;
                    }
                    if (problem != null) {
                        throw new IllegalStateException(output + " run " + round + ": " + problem);
                    }
                    runs.add(new Run(output, ids, result, steady(simulator.stats().get("perSecond"), secondsBefore),
                            product.used.toNanos() / 1000.0 / ids,
                            simulator.cpuTime().minus(simulatorBefore).toNanos() / 1000.0 / ids,
                            (PostgresCpu.millis(dataDir) - databaseBefore) * 1000.0 / ids));
                }
            }
        }
        String markdown = markdown(started, runs);
        System.out.println(markdown);
        Files.writeString(out.resolve("mirror.md"), markdown);
        System.out.println("Written to " + out.resolve("mirror.md") + "; logs of each run under " + work);
    }

    private static String markdown(Instant started, List<Run> runs) {
        StringBuilder md = new StringBuilder("#### Mirror output (" + started + ", load "
                + Machine.loadAverage() + ")\n\n"
                + "| round | output | ids | ids/s (whole file) | steady ids/s (warm) | bound C/L"
                + " | mirror/file (whole / steady) | CPU µs/id: product | simulator | PostgreSQL | total |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double bound = CONCURRENCY * 1000.0 / LATENCY_MS;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            String ratio = "—";
            if (run.output().equals("mirror")) {
                Run file = runs.get(i - 1);
                ratio = format(run.result().idsPerSecond() / file.result().idsPerSecond()) + " / "
                        + format(run.steady() / file.steady());
            }
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f | %.1f | %.0f | %s | %.0f | %.0f | %.0f | %.0f |%n",
                    i / 2 + 1, run.output(), run.ids(), run.result().idsPerSecond(), run.steady(), bound, ratio,
                    run.productCpu(), run.simulatorCpu(), run.databaseCpu(), run.totalCpu()));
        }
        double file = mean(runs, "file");
        double mirror = mean(runs, "mirror");
        md.append(String.format(Locale.ROOT, "%nMean steady ids/s: file %.1f, mirror %.1f: mirror/file %s "
                + "(target ≥ %.2f: %s)%n", file, mirror, format(mirror / file), TARGET,
                mirror / file >= TARGET ? "PASS" : "MISS"));
        double fileCpu = runs.stream().filter(run -> run.output().equals("file")).mapToDouble(Run::totalCpu)
                .average().orElse(Double.NaN);
        double mirrorCpu = runs.stream().filter(run -> run.output().equals("mirror")).mapToDouble(Run::totalCpu)
                .average().orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "Mean CPU per id, everything on this machine: file %.0f µs, mirror %.0f"
                + " µs; where the CPU is the limit, mirror/file ≈ %s%n", fileCpu, mirrorCpu,
                format(fileCpu / mirrorCpu)));
        return md.toString();
    }

    private static double mean(List<Run> runs, String output) {
        return runs.stream().filter(run -> run.output().equals(output)).mapToDouble(Run::steady).average()
                .orElse(Double.NaN);
    }

    private static String format(double ratio) {
        return String.format(Locale.ROOT, "%.3f", ratio);
    }

    /**
     * Lookups per second the simulator saw once the batch's JVM is warm, as the main grid counts them: the whole
     * seconds after the first {@code WARM_UP_SECONDS} of the run and before its last.
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

    private static long customers(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + TABLE + "_customers")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void progress(String step) {
        System.err.println(String.format(Locale.ROOT, "[bench %tT] %s", Instant.now().toEpochMilli(), step));
    }
}
