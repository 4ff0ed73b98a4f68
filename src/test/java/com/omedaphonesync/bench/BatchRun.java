package com.omedaphonesync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One {@code java -jar ... batch FILE} of the product against a simulator, in a working directory of its own
 * (so no {@code config/} of the caller is read) with no {@code OMEDA_*}/{@code CAMEL_*} variables inherited.
 * Throughput comes from the report of the file (the batch's only one), which times its ids from the first read
 * to the last outcome; the batch's own report also counts the application's shutdown (0.1 to 0.2 s, a few
 * per cent of a short cell). The rest of the wall time is JVM start-up, application start and exit. Peak RSS
 * is the kernel's high-water mark ({@code VmHWM}), read every 100 ms until the process ends.
 */
final class BatchRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the run left: its exit code, the report of its file, wall time and peak RSS. {@code stopped}: its probe
     * had what it came for and the batch was stopped (killed) before the end of its file, so it has no rate.
     */
    record Result(int exitCode, boolean killed, boolean stopped, JsonNode report, long wallMillis, long peakRssKb,
            Path workDir) {
        long idsRead() {
            return report.get("idsRead").asLong();
        }

        long enriched() {
            return report.get("enriched").asLong();
        }

        long elapsedMillis() {
            return report.get("elapsedMillis").asLong();
        }

        double idsPerSecond() {
            return stopped ? Double.NaN : report.get("idsPerSecond").asDouble();
        }

        long startUpAndExitMillis() {
            return wallMillis - elapsedMillis();
        }

        /**
         * Why the run cannot be measured, or null when every id was enriched and the batch exited 0, or when it
         * was stopped on purpose.
         */
        String problem(long expectedEnriched) {
            if (stopped && !killed) {
                return null;
            }
            if (killed) {
                return "batch did not finish within " + wallMillis / 1000 + " s and was killed (see "
                        + workDir.resolve("batch.log") + ")";
            }
            if (exitCode != 0) {
                return "batch exited " + exitCode + " (see " + workDir.resolve("batch.log") + ")";
            }
            if (!report.has("enriched")) {
                return "no report of the ids file in " + workDir.resolve("reports");
            }
            if (enriched() != expectedEnriched) {
                return enriched() + " ids enriched, expected " + expectedEnriched;
            }
            return null;
        }
    }

    /** Watches a running batch, e.g. to take heap figures at set points; called about every 100 ms. */
    interface Probe {
        void poll(long pid);

        /** True once the probe has all it needs: the batch is then stopped, its file unfinished. */
        default boolean enough() {
            return false;
        }
    }

    private BatchRun() {
    }

    /** Runs the batch to its end, or kills it after {@code limit}: a hung product must not hang the benchmark. */
    static Result run(Path jar, Path workDir, Path ids, String baseUrl, int concurrency, List<String> jvmOptions,
            List<String> settings, Probe probe, Duration limit) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "batch", ids.toAbsolutePath().toString(),
                "--omeda.base-url=" + baseUrl,
                "--omeda.brand=BENCH",
                "--omeda.app-id=" + SimulatorProcess.APP_ID,
                "--omeda.http.concurrency=" + concurrency,
                "--omeda.output.uris=file:" + workDir.resolve("output") + "?fileName=phones.jsonl",
                "--omeda.dead-letter.uri=file:" + workDir.resolve("output") + "?fileName=dead-letter.jsonl",
                "--omeda.report.dir=" + workDir.resolve("reports")));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("batch.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OMEDA_") || name.startsWith("CAMEL_"));
        long started = System.nanoTime();
        Process process = builder.start();
        long peakRssKb = 0;
        boolean killed = false;
        boolean stopped = false;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakRssKb = Math.max(peakRssKb, highWaterMarkKb(process.pid()));
            if (probe != null) {
                probe.poll(process.pid());
                if (!stopped && probe.enough()) {
                    // killed: a SIGTERM lets the batch go on looking up the rest of its file for up to the
                    // 45 s of Camel's graceful shutdown, which would only load the machine
                    stopped = true;
                    process.destroyForcibly();
                }
            }
            if (System.nanoTime() - started > limit.toNanos()) {
                killed = true;
                process.destroyForcibly().waitFor();
            }
        }
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new Result(process.exitValue(), killed, stopped, fileReport(workDir.resolve("reports"), ids), wallMillis,
                peakRssKb, workDir);
    }

    /** {@code VmHWM} of /proc/PID/status in kB: the most resident memory the process has had; 0 once it is gone. */
    private static long highWaterMarkKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (IOException | UncheckedIOException gone) {
            return 0;
        }
    }

    /** The report whose source is {@code file:NAME} of the ids file; an empty object if there is none. */
    private static JsonNode fileReport(Path reports, Path ids) throws IOException {
        if (!Files.isDirectory(reports)) {
            return JSON.createObjectNode();
        }
        String source = "file:" + ids.getFileName();
        List<Path> files;
        try (Stream<Path> listed = Files.list(reports)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
        for (Path file : files) {
            JsonNode report = JSON.readTree(file.toFile());
            if (source.equals(report.path("source").asText())) {
                return report;
            }
        }
        return JSON.createObjectNode();
    }
}
