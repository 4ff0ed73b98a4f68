package com.omedaphonesync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used by a PostgreSQL server (Linux {@code /proc}): its postmaster's own and that of its children,
 * the ended ones (backends of closed connections, reaped into the postmaster's {@code cutime}/{@code cstime})
 * and the running ones (background workers, open connections).
 */
final class PostgresCpu {
    /** {@code sysconf(_SC_CLK_TCK)} on Linux. */
    private static final long MILLIS_PER_TICK = 10;

    private PostgresCpu() {
    }

    /** Milliseconds of CPU so far of the server whose data folder is {@code dataDir}; 0 if it cannot be read. */
    static long millis(Path dataDir) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String[] stat = stat(process);
                    if (stat == null) {
                        continue;
                    }
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (pid == postmaster) {
                        ticks += field(stat, 14) + field(stat, 15) + field(stat, 16) + field(stat, 17);
                    } else if (field(stat, 4) == postmaster) {
                        ticks += field(stat, 14) + field(stat, 15);
                    }
                }
            }
            return ticks * MILLIS_PER_TICK;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The fields of /proc/PID/stat after the command name (which may hold spaces), or null once it is gone. */
    private static String[] stat(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** Field n of proc(5), counted from 1 (pid) as the manual does; the array starts at field 3. */
    private static long field(String[] fields, int n) {
        return Long.parseLong(fields[n - 3]);
    }
}
