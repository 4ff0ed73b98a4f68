package com.omedaphonesync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of processes, in nanoseconds: another process's from {@code /proc/PID/stat} (user + system time of all
 * its threads, in clock ticks, 10 ms each on most Linux kernels: a few per cent of a window of 1 s of CPU or
 * more), and this JVM's from its {@code OperatingSystemMXBean}.
 */
final class ProcessCpu {
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / clockTicksPerSecond();

    private ProcessCpu() {
    }

    /** User + system CPU of process {@code pid} so far; -1 when it is gone or this is not Linux. */
    static long ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces and parentheses: count fields from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** This JVM's CPU so far, all threads (the JIT and GC included, as in the product's figure). */
    static long ofThisJvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {@code getconf CLK_TCK}, the unit of /proc/PID/stat times; 100 (Linux's usual) where it cannot be read. */
    private static long clockTicksPerSecond() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(output);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
