package com.omedaphonesync.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The product's CPU per lookup once warm: while the batch runs, about twice a second, the simulator's request
 * count, the product's CPU ({@code /proc/PID/stat}) and the simulator's CPU are read together; the figure is the
 * product's CPU over the lookups between the first sample {@code WARM_UP} seconds after the batch's first lookup
 * and the last sample a second before its last lookup, the same window as the steady rate (a fresh JVM compiles
 * its hot path first, and the last second is cut short by the end of the ids). With a window length given, the
 * batch is stopped once the window is that long, so the figure does not depend on how long its file lasts on a
 * busy machine. A throughput ratio at L = 0
 * mostly measures the simulator sharing the cores; CPU per lookup is what the product itself costs.
 */
final class SteadyCpu implements BatchRun.Probe {
    private static final long SAMPLE_NANOS = 500_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Over the window: its length, the lookups in it, and CPU µs per lookup of the product and the simulator. */
    record Result(double seconds, long lookups, double productMicros, double simulatorMicros) {
        static final Result NONE = new Result(Double.NaN, 0, Double.NaN, Double.NaN);

        double rate() {
            return lookups / seconds;
        }
    }

    private record Sample(long nanos, long requests, long productCpu, long simulatorCpu) {
    }

    private final SimulatorProcess simulator;
    private final long requestsBefore;
    private final long warmUpNanos;
    private final long stopAfterNanos;
    private final List<Sample> samples = new ArrayList<>();
    private long nextSample = System.nanoTime();
    /** When {@link #enough()} first said so: the window ends there, not in the product's shutdown. */
    private long stoppedAt = Long.MAX_VALUE;

    /**
     * To be made just before the batch starts: counts the simulator's requests so far.
     *
     * @param windowSeconds once the window is this long, the batch may be stopped ({@link #enough()}); 0 to let
     *        it run to the end of its file
     */
    SteadyCpu(SimulatorProcess simulator, int warmUpSeconds, int windowSeconds) {
        this.simulator = simulator;
        this.requestsBefore = simulator.requests();
        this.warmUpNanos = warmUpSeconds * SECOND;
        // a second more: the window ends a second before the last lookup seen
        this.stopAfterNanos = windowSeconds == 0 ? Long.MAX_VALUE : warmUpNanos + (windowSeconds + 1) * SECOND;
    }

    @Override
    public boolean enough() {
        Sample firstLookup = firstLookup();
        if (firstLookup == null) {
            return false;
        }
        Sample last = samples.get(samples.size() - 1);
        if (last.nanos() - firstLookup.nanos() < stopAfterNanos) {
            return false;
        }
        stoppedAt = Math.min(stoppedAt, last.nanos());
        return true;
    }

    private Sample firstLookup() {
        return samples.stream().filter(s -> s.requests() > requestsBefore).findFirst().orElse(null);
    }

    @Override
    public void poll(long pid) {
        long now = System.nanoTime();
        if (now - nextSample < 0) {
            return;
        }
        nextSample = now + SAMPLE_NANOS;
        long requests = simulator.requests();
        long productCpu = ProcessCpu.ofProcess(pid);
        if (productCpu >= 0) {
            samples.add(new Sample(System.nanoTime(), requests, productCpu, simulator.cpuTime().toNanos()));
        }
    }

    /** The figures once the batch has ended; {@link Result#NONE} when the run was too short to have a window. */
    Result result() {
        long total = simulator.requests();
        Sample firstLookup = firstLookup();
        Sample lastBusy = samples.stream().filter(s -> s.requests() < total).reduce((a, b) -> b).orElse(null);
        if (firstLookup == null || lastBusy == null) {
            return Result.NONE;
        }
        Sample from = samples.stream().filter(s -> s.nanos() - firstLookup.nanos() >= warmUpNanos).findFirst()
                .orElse(null);
        long end = Math.min(lastBusy.nanos() - SECOND, stoppedAt - SECOND);
        Sample to = samples.stream().filter(s -> s.nanos() <= end).reduce((a, b) -> b).orElse(null);
        if (from == null || to == null || to.nanos() - from.nanos() < 3 * SECOND || to.requests() <= from.requests()) {
            return Result.NONE;
        }
        long lookups = to.requests() - from.requests();
        return new Result((to.nanos() - from.nanos()) / 1e9, lookups,
                (to.productCpu() - from.productCpu()) / 1000.0 / lookups,
                (to.simulatorCpu() - from.simulatorCpu()) / 1000.0 / lookups);
    }
}
