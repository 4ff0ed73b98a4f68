package com.omedaphonesync.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a running JVM, read with {@code jcmd}: a full collection first ({@code GC.run}), so what is
 * left is what the process still holds, then the "used" figure of {@code GC.heap_info}.
 */
final class Heap {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private Heap() {
    }

    /** Heap in use after a full GC, in kB; -1 if jcmd could not tell (the process ended, no jcmd). */
    static long usedAfterFullGcKb(long pid) {
        try {
            Jcmd.run(pid, "GC.run");
            Matcher used = USED.matcher(Jcmd.run(pid, "GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
