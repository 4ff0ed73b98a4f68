package com.omedaphonesync.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The figures of {@link Comparison}, this jar judged against the targets of issue 15, as Markdown. */
final class ComparisonReport {
    static final double BOUND_TARGET = 0.95;
    static final double PLAIN_TARGET = 0.98;
    static final double CPU_GOAL = 1.5;

    /**
     * One jar's latency-bound run: the steady rate the server saw, and the plain client's at the same L and C
     * just before it.
     */
    record Throughput(Comparison.Jar jar, long latencyMs, int concurrency, double bound, double steady, double plain,
            String problem) {
        double ofBound() {
            return steady / bound;
        }

        double ofPlain() {
            return steady / plain;
        }

        boolean pass() {
            return problem == null && ofBound() >= BOUND_TARGET && ofPlain() >= PLAIN_TARGET;
        }
    }

    /** One jar's CPU run at L = 0: its steady CPU per lookup, and the plain client's just before it. */
    record Cpu(Comparison.Jar jar, int concurrency, int round, double productMicros, double plainMicros,
            String problem) {
    }

    private final String mode;
    private final String arguments;
    private final Instant started;
    private final List<String> machine;
    private final List<Throughput[]> throughput = new ArrayList<>();
    private final List<Cpu> cpu = new ArrayList<>();
    private final Map<String, String> jvm = new LinkedHashMap<>();
    private String loadAtEnd = "unknown";

    ComparisonReport(String mode, String arguments, Instant started, List<String> machine) {
        this.mode = mode;
        this.arguments = arguments;
        this.started = started;
        this.machine = machine;
    }

    void throughput(Throughput mine, Throughput theirs) {
        throughput.add(new Throughput[] { mine, theirs });
    }

    void cpu(Cpu run) {
        cpu.add(run);
    }

    /** What the jar's JVM ran with, as jcmd saw it; null when jcmd could not tell. */
    void jvm(Comparison.Jar jar, String seen) {
        jvm.put(jar.role(), seen);
    }

    void loadAtEnd(String loadAverage) {
        loadAtEnd = loadAverage;
    }

    /** Every target met by this jar, no run failed, and both JVMs ran with the same options. */
    boolean allPass() {
        return throughput.stream().allMatch(pair -> pair[0].pass() && pair[1].problem() == null)
                && cpu.stream().allMatch(run -> run.problem() == null)
                && concurrencies().stream().allMatch(c -> cpuPass(c)) && jvmSame();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# omeda-phone-sync: this jar against another\n\n");
        md.append("Run ").append(started).append(", ").append(mode).append(" mode (`bench/run ").append(arguments)
                .append("`).\n\n");
        machine.forEach(fact -> md.append("- ").append(fact).append('\n'));
        jvm.forEach((role, seen) -> md.append("- JVM, ").append(role).append(" jar (jcmd, in its first run): ")
                .append(seen == null ? "could not be read" : seen).append('\n'));
        md.append("- JVM options: ").append(jvmSame() ? "the same for both jars" : "DIFFER (or could not be read)")
                .append('\n');
        md.append("- load average at end: ").append(loadAtEnd).append("\n\n");

        md.append("## Throughput, latency-bound\n\n");
        md.append(String.format(Locale.ROOT, "Steady: the rate the simulator saw over 25 %% to 90 %% of each run's "
                + "requests. Plain: the plain Apache client (C threads, pooled keep-alive) at the same L and C, "
                + "measured just before each jar's run. Target for this jar: ≥ %.2f × C/L and ≥ %.2f × plain."
                + "%n%n",
                BOUND_TARGET, PLAIN_TARGET));
        md.append("| L ms | C | C/L | this ids/s | other ids/s | this / other | this / (C/L) | this / plain "
                + "| other / (C/L) | other / plain | plain ids/s (this run, other run) | result |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<String> notes = new ArrayList<>();
        for (Throughput[] pair : throughput) {
            Throughput mine = pair[0];
            Throughput theirs = pair[1];
            md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s, %s | %s |%n",
                    mine.latencyMs(), mine.concurrency(), Report.rate(mine.bound()), Report.rate(mine.steady()),
                    Report.rate(theirs.steady()), Report.ratio(mine.steady() / theirs.steady()),
                    Report.ratio(mine.ofBound()), Report.ratio(mine.ofPlain()), Report.ratio(theirs.ofBound()),
                    Report.ratio(theirs.ofPlain()), Report.rate(mine.plain()), Report.rate(theirs.plain()),
                    mine.problem() != null ? "ERROR" : mine.pass() ? "PASS" : "MISS"));
            for (Throughput run : pair) {
                if (run.problem() != null) {
                    notes.add(String.format(Locale.ROOT, "%s jar, L=%d ms, C=%d: %s", run.jar(), run.latencyMs(),
                            run.concurrency(), run.problem()));
                }
            }
        }

        md.append("\n## CPU per id, L = 0\n\n");
        md.append(String.format(Locale.ROOT, "The product JVM's CPU (user + system, all threads) per lookup over its "
                + "steady window (after its warm-up, until the batch is stopped), one figure per round, rounds "
                + "interleaved this, other; the plain Apache client's JVM over a few seconds before each run. "
                + "Target: this ≤ other (medians). Goal: this ≤ %.1f × plain.%n%n", CPU_GOAL));
        md.append("| C | this µs/id (rounds) | other µs/id (rounds) | this median | other median | this / other "
                + "| this ≤ other | plain µs/id (median) | this / plain | goal ≤ 1.5 × plain |\n");
        md.append("|---:|---|---|---:|---:|---:|---|---:|---:|---|\n");
        for (int concurrency : concurrencies()) {
            double mine = median(concurrency, "this", Cpu::productMicros);
            double theirs = median(concurrency, "other", Cpu::productMicros);
            double plain = median(concurrency, null, Cpu::plainMicros);
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    concurrency, rounds(concurrency, "this"), rounds(concurrency, "other"), Report.micros(mine),
                    Report.micros(theirs), Report.ratio(mine / theirs),
                    Double.isNaN(mine / theirs) ? "ERROR" : cpuPass(concurrency) ? "PASS" : "MISS",
                    Report.micros(plain), Report.ratio(mine / plain),
                    Double.isNaN(mine / plain) ? "—" : mine <= CPU_GOAL * plain ? "met" : "not yet"));
        }
        cpu.stream().filter(run -> run.problem() != null).forEach(run -> notes.add(String.format(Locale.ROOT,
                "%s jar, CPU, C=%d, round %d: %s", run.jar(), run.concurrency(), run.round(), run.problem())));

        if (!notes.isEmpty()) {
            md.append("\n## Runs that failed\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        md.append("\n**").append(allPass() ? "All targets met." : "Some target missed, or a run failed.")
                .append("**\n");
        return md.toString();
    }

    private boolean jvmSame() {
        return jvm.size() == 2 && jvm.get("this") != null && jvm.get("this").equals(jvm.get("other"));
    }

    private boolean cpuPass(int concurrency) {
        return median(concurrency, "this", Cpu::productMicros) <= median(concurrency, "other", Cpu::productMicros);
    }

    private List<Integer> concurrencies() {
        return cpu.stream().map(Cpu::concurrency).distinct().toList();
    }

    /** Figures of the jar's rounds at C, as "a, b, c" ("—" for a failed round). */
    private String rounds(int concurrency, String role) {
        return cpu.stream().filter(run -> run.concurrency() == concurrency && run.jar().role().equals(role))
                .map(run -> Report.micros(run.productMicros())).collect(Collectors.joining(", "));
    }

    /** The median of the runs' figures at C, of one jar's runs or (role null) of all; NaN when none is known. */
    private double median(int concurrency, String role, ToDoubleFunction<Cpu> figure) {
        double[] values = cpu.stream()
                .filter(run -> run.concurrency() == concurrency && (role == null || run.jar().role().equals(role)))
                .mapToDouble(figure).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
