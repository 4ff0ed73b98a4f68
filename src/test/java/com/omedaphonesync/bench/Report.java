package com.omedaphonesync.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures and verdicts, as Markdown. */
final class Report {
    enum Against {
        BOUND, PLAIN
    }

    /** A target for a grid row: the product's rate at least {@code factor} times the bound or the plain rate. */
    record Target(String text, Against against, double factor) {
    }

    /** A target for the product's steady CPU per lookup: at most {@code maxMicros}. */
    record CpuTarget(double maxMicros) {
        String text() {
            return String.format(Locale.ROOT, "≤ %.0f µs", maxMicros);
        }
    }

    /**
     * {@code steady}: the server-side rate once the product's JVM is warm, NaN for a run too short to tell;
     * {@code cpu}: the product's CPU per lookup over the same window; {@code plain}: the plain client's rate and CPU
     * per lookup at the same C.
     */
    record GridRow(long latencyMs, int concurrency, long ids, BatchRun.Result result, double steady, double bound,
            PlainClient.Measured plainMeasured, SteadyCpu.Result cpu, String problem, Target target,
            CpuTarget cpuTarget) {
        double plain() {
            return plainMeasured.idsPerSecond();
        }

        double product() {
            return problem == null ? result.idsPerSecond() : Double.NaN;
        }

        /** Judged on the steady rate: the plain client is measured warm too. */
        String verdict() {
            if (problem != null) {
                return "ERROR: " + problem;
            }
            if (target == null) {
                return "—";
            }
            double reference = target.against() == Against.BOUND ? bound : plain();
            String whole = Double.isNaN(product()) ? "—" : product() >= target.factor() * reference ? "PASS" : "MISS";
            String warm = Double.isNaN(steady) ? "—" : steady >= target.factor() * reference ? "PASS" : "MISS";
            return warm + " (whole file: " + whole + ")";
        }

        String cpuVerdict() {
            if (problem != null) {
                return "ERROR";
            }
            if (cpuTarget == null) {
                return "—";
            }
            return Double.isNaN(cpu.productMicros()) ? "—"
                    : cpu.productMicros() <= cpuTarget.maxMicros() ? "PASS" : "MISS";
        }
    }

    record RateRow(int limit, int concurrency, long latencyMs, long ids, BatchRun.Result result, double sustained,
            int busiest, String problem) {
        String verdict() {
            if (problem != null) {
                return "ERROR: " + problem;
            }
            return (busiest <= limit ? "PASS" : "MISS") + " / " + (sustained >= 0.95 * limit ? "PASS" : "MISS");
        }
    }

    record MemoryRow(long lines, long lookups, BatchRun.Result result, long heapAfterCheckpointKb, long heapAtEndKb,
            String problem) {
        String verdict() {
            if (problem != null) {
                return "ERROR: " + problem;
            }
            if (heapAfterCheckpointKb < 0 || heapAtEndKb < 0) {
                return "ERROR: the heap could not be read with jcmd";
            }
            return heapAtEndKb <= heapAfterCheckpointKb ? "PASS" : "MISS";
        }
    }

    private final String mode;
    private final Instant started;
    private final List<String> machine;
    private final List<String> saturation = new ArrayList<>();
    private final List<GridRow> grid = new ArrayList<>();
    private final List<String> otherPlain = new ArrayList<>();
    private PlainClient plainClient;
    private RateRow rate;
    private MemoryRow memory;
    private String loadAtEnd = "unknown";
    private final List<String> failures = new ArrayList<>();

    Report(String mode, Instant started, List<String> machine) {
        this.mode = mode;
        this.started = started;
        this.machine = machine;
    }

    void saturation(PlainClient client, int concurrency, double idsPerSecond, double cpuMicrosPerRequest) {
        saturation.add(String.format(Locale.ROOT, "%s client, C=%d, L=0: %s requests/s; the simulator used %.0f µs "
                + "of CPU per request (%s requests/s per core)", client, concurrency, rate(idsPerSecond),
                cpuMicrosPerRequest, rate(1e6 / cpuMicrosPerRequest)));
    }

    void plainClient(PlainClient client) {
        plainClient = client;
    }

    void grid(GridRow row) {
        grid.add(row);
    }

    /** At L = 0, the slower plain client too: the product against the client a hand-written lookup would use. */
    void otherPlain(int concurrency, PlainClient client, PlainClient.Measured measured, double productSteady) {
        otherPlain.add(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |", concurrency, client,
                rate(measured.idsPerSecond()), ratio(productSteady / measured.idsPerSecond()),
                micros(measured.cpuMicrosPerId())));
    }

    void rateLimit(RateRow row) {
        rate = row;
    }

    void memory(MemoryRow row) {
        memory = row;
    }

    void failure(String cell, Exception e) {
        failures.add(cell + ": ERROR " + e);
    }

    void loadAtEnd(String loadAverage) {
        loadAtEnd = loadAverage;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# omeda-phone-sync benchmark\n\n");
        md.append("Run ").append(started).append(", ").append(mode).append(" mode (`bench/run")
                .append(mode.equals("full") ? "" : " --" + mode).append("`).\n\n");
        machine.forEach(fact -> md.append("- ").append(fact).append('\n'));
        md.append("- load average at end: ").append(loadAtEnd).append("\n\n");

        if (!grid.isEmpty()) {
            md.append("## Simulator saturation\n\n");
            saturation.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append("- plain client used below: ").append(plainClient).append(" (the faster)\n\n");

            md.append("## Throughput\n\n");
            md.append("| L ms | C | ids | product ids/s (whole file) | steady ids/s (warm) | bound C/L "
                    + "| product/bound (whole / steady) | plain ids/s | plain/bound | product/plain (whole / steady) "
                    + "| start-up+exit s | peak RSS MB | target | result |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (GridRow row : grid) {
                boolean bounded = !Double.isInfinite(row.bound());
                md.append(String.format(Locale.ROOT,
                        "| %d | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        row.latencyMs(), row.concurrency(), row.ids(), rate(row.product()), rate(row.steady()),
                        bounded ? rate(row.bound()) : "∞",
                        bounded ? ratio(row.product() / row.bound()) + " / " + ratio(row.steady() / row.bound())
                                : "—",
                        rate(row.plain()), bounded ? ratio(row.plain() / row.bound()) : "—",
                        ratio(row.product() / row.plain()) + " / " + ratio(row.steady() / row.plain()), seconds(row),
                        row.result() == null ? "—" : megabytes(row.result().peakRssKb()),
                        row.target() == null ? "—" : row.target().text(), row.verdict()));
            }

            if (!otherPlain.isEmpty()) {
                md.append("\nAt L = 0, against the other plain client (same C, same simulator):\n\n")
                        .append("| C | plain client | plain ids/s | product steady / plain | plain CPU µs/id |\n")
                        .append("|---:|---|---:|---:|---:|\n");
                otherPlain.forEach(line -> md.append(line).append('\n'));
            }

            md.append("\n## CPU per lookup (steady)\n\n");
            md.append("| L ms | C | window s | lookups in window | rate in window /s | product CPU µs/id "
                    + "| simulator CPU µs/request | plain (").append(plainClient).append(") CPU µs/id "
                    + "| product / plain CPU | target | result |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (GridRow row : grid) {
                SteadyCpu.Result cpu = row.cpu();
                md.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %s | %s | %s | %s | %s | %s | %s |%n",
                        row.latencyMs(), row.concurrency(), rate(cpu.seconds()), cpu.lookups(), rate(cpu.rate()),
                        micros(cpu.productMicros()), micros(cpu.simulatorMicros()),
                        micros(row.plainMeasured().cpuMicrosPerId()),
                        ratio(cpu.productMicros() / row.plainMeasured().cpuMicrosPerId()),
                        row.cpuTarget() == null ? "—" : row.cpuTarget().text(), row.cpuVerdict()));
            }
        }
        if (rate != null) {
            md.append("\n## Rate limit\n\n");
            md.append("| R | C | L ms | ids | sustained (server, mid-run) | busiest 1-s window (server) | targets "
                    + "| result |\n|---:|---:|---:|---:|---:|---:|---|---|\n");
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %s (%s R) | %d | busiest ≤ R / sustained "
                    + "≥ 0.95 R | %s |%n", rate.limit(), rate.concurrency(), rate.latencyMs(), rate.ids(),
                    rate(rate.sustained()), ratio(rate.sustained() / rate.limit()), rate.busiest(), rate.verdict()));
        }

        if (memory != null) {
            md.append("\n## Memory\n\n");
            md.append("| ids (lines) | distinct | -Xmx | heap used after 100,000 lookups | heap used at the end "
                    + "| peak RSS MB | ids/s | target | result |\n|---:|---:|---|---:|---:|---:|---:|---|---|\n");
            md.append(String.format(Locale.ROOT, "| %d | %d | 256m | %s | %s | %s | %s | completes, end ≤ "
                    + "after 100,000 | %s |%n", memory.lines(), memory.lookups(),
                    heap(memory.heapAfterCheckpointKb()), heap(memory.heapAtEndKb()),
                    megabytes(memory.result().peakRssKb()),
                    memory.problem() == null ? rate(memory.result().idsPerSecond()) : "—", memory.verdict()));
        }
        failures.forEach(failure -> md.append("\n").append(failure).append('\n'));
        return md.toString();
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "—" : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String micros(double micros) {
        return Double.isNaN(micros) ? "—" : String.format(Locale.ROOT, "%.1f", micros);
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.3f", ratio);
    }

    private static String seconds(GridRow row) {
        return row.problem() == null && !row.result().stopped()
                ? String.format(Locale.ROOT, "%.1f", row.result().startUpAndExitMillis() / 1000.0)
                : "—";
    }

    private static String megabytes(long kb) {
        return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    private static String heap(long kb) {
        return kb < 0 ? "—" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }
}
