package com.omedaphonesync.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Requests per second the server saw over the middle of a run, by share of its requests: the whole seconds
 * after the one in which the run's requests passed {@code from} of its total and before the one in which they
 * passed {@code to}. By share rather than by clock, so a slower jar's window covers the same stretch of its file
 * as a faster one's: past the JVM's start and warm-up, and before the tail that is cut short by the end of the
 * ids.
 */
final class SteadyRate {
    private SteadyRate() {
    }

    /**
     * @param perSecond the simulator's {@code perSecond} counts
     * @param before how many seconds it had counted before the run (the run's requests are the seconds after)
     * @return NaN when the window holds fewer than three whole seconds
     */
    static double between(JsonNode perSecond, int before, double from, double to) {
        long total = 0;
        for (int i = before; i < perSecond.size(); i++) {
            total += perSecond.get(i).asLong();
        }
        long sofar = 0;
        int first = -1;
        int last = -1;
        for (int i = before; i < perSecond.size() && last < 0; i++) {
            sofar += perSecond.get(i).asLong();
            if (first < 0 && sofar >= from * total) {
                first = i;
            }
            if (sofar >= to * total) {
                last = i;
            }
        }
        if (first < 0 || last - first - 1 < 3) {
            return Double.NaN;
        }
        long requests = 0;
        for (int i = first + 1; i < last; i++) {
            requests += perSecond.get(i).asLong();
        }
        return (double) requests / (last - first - 1);
    }
}
