package com.omedaphonesync.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a product JVM really runs with, read once from the running process with {@code jcmd}: its JVM arguments
 * ({@code VM.command_line}: the command line's, and {@code JAVA_TOOL_OPTIONS}' if set) and its final flags
 * ({@code VM.flags}: the command line's and the JVM's own choices for this machine). Two jars compared must show
 * the same, or a difference in their figures could be the JVM's. Wraps the run's own probe, if any.
 */
final class JvmOptionsSeen implements BatchRun.Probe {
    private static final int ATTEMPTS = 20;
    private static final long RETRY_NANOS = 1_000_000_000L;

    private final BatchRun.Probe inner;
    private String seen;
    private int attempts;
    private long nextAttempt = System.nanoTime();

    JvmOptionsSeen(BatchRun.Probe inner) {
        this.inner = inner;
    }

    @Override
    public void poll(long pid) {
        if (seen == null && attempts < ATTEMPTS && System.nanoTime() - nextAttempt >= 0) {
            attempts++;
            try {
                String flags = Jcmd.run(pid, "VM.flags").lines().filter(l -> l.startsWith("-"))
                        .collect(Collectors.joining(" "));
                seen = "jvm_args: " + line(Jcmd.run(pid, "VM.command_line"), "jvm_args:") + " | flags: " + flags;
            } catch (IOException notUpYet) {
                nextAttempt = System.nanoTime() + RETRY_NANOS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (inner != null) {
            inner.poll(pid);
        }
    }

    @Override
    public boolean enough() {
        return inner != null && inner.enough();
    }

    /** "jvm_args: ... | flags: ...", or null when jcmd never got an answer. */
    String seen() {
        return seen;
    }

    /** The text after {@code key} on its line; "(none)" when the JVM printed no such line (no arguments). */
    private static String line(String output, String key) {
        return Arrays.stream(output.split("\\R")).filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).strip()).findFirst().orElse("(none)");
    }
}
