package com.omedaphonesync.simulator;

import java.util.Properties;

/**
 * How the simulator behaves: its port and app id, latency, the rate (0 to 1) of each injected fault, and the
 * generation of its data.
 * Read from {@code simulator.*} keys, e.g. {@code --simulator.fault.server-error-rate=0.1}.
 */
public record SimulatorOptions(
        int port,
        String appId,
        long latencyMillis,
        long slowMillis,
        int retryAfterSeconds,
        double serverErrorRate,
        double rateLimitRate,
        double slowRate,
        double dropRate,
        double malformedRate,
        double notFoundRate,
        long seed,
        int generation,
        boolean recordRequests) {

    public static final String DEFAULT_APP_ID = "demo-app-id";
    public static final int DEFAULT_PORT = 8089;

    public static Builder builder() {
        return new Builder();
    }

    /** From {@code simulator.*} properties; anything not given keeps the builder's default. */
    public static SimulatorOptions from(Properties p) {
        return builder()
                .port(Integer.parseInt(p.getProperty("simulator.port", String.valueOf(DEFAULT_PORT))))
                .appId(p.getProperty("simulator.app-id", DEFAULT_APP_ID))
                .latencyMillis(Long.parseLong(p.getProperty("simulator.latency-ms", "0")))
                .slowMillis(Long.parseLong(p.getProperty("simulator.slow-ms", "30000")))
                .retryAfterSeconds(Integer.parseInt(p.getProperty("simulator.retry-after-seconds", "1")))
                .serverErrorRate(rate(p, "server-error"))
                .rateLimitRate(rate(p, "rate-limit"))
                .slowRate(rate(p, "slow"))
                .dropRate(rate(p, "drop"))
                .malformedRate(rate(p, "malformed"))
                .notFoundRate(rate(p, "not-found"))
                .seed(Long.parseLong(p.getProperty("simulator.seed", "42")))
                .generation(generation(p))
                .build();
    }

    private static int generation(Properties p) {
        String value = p.getProperty("simulator.generation", "0").strip();
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("simulator.generation must be a whole number from 0, not '" + value
                    + "'");
        }
        return Integer.parseInt(value);
    }

    private static double rate(Properties p, String fault) {
        String key = "simulator.fault." + fault + "-rate";
        double rate = Double.parseDouble(p.getProperty(key, "0"));
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException(key + " must be between 0 and 1, not " + rate);
        }
        return rate;
    }

    /** Defaults: a free port, the demo app id, no latency, no faults. */
    public static final class Builder {
        private int port;
        private String appId = DEFAULT_APP_ID;
        private long latencyMillis;
        private long slowMillis = 30_000;
        private int retryAfterSeconds = 1;
        private double serverErrorRate;
        private double rateLimitRate;
        private double slowRate;
        private double dropRate;
        private double malformedRate;
        private double notFoundRate;
        private long seed = 42;
        private int generation;
        private boolean recordRequests;

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder appId(String value) {
            appId = value;
            return this;
        }

        public Builder latencyMillis(long value) {
            latencyMillis = value;
            return this;
        }

        /** How long a slow answer takes: more than the client's response timeout. */
        public Builder slowMillis(long value) {
            slowMillis = value;
            return this;
        }

        public Builder retryAfterSeconds(int value) {
            retryAfterSeconds = value;
            return this;
        }

        public Builder serverErrorRate(double value) {
            serverErrorRate = value;
            return this;
        }

        public Builder rateLimitRate(double value) {
            rateLimitRate = value;
            return this;
        }

        public Builder slowRate(double value) {
            slowRate = value;
            return this;
        }

        public Builder dropRate(double value) {
            dropRate = value;
            return this;
        }

        public Builder malformedRate(double value) {
            malformedRate = value;
            return this;
        }

        public Builder notFoundRate(double value) {
            notFoundRate = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Which version of the customers' data to serve: 0 is the base data; see {@link SimulatedCustomers}. */
        public Builder generation(int value) {
            generation = value;
            return this;
        }

        /** Keep every request in memory for {@link OmedaSimulator#requests()}: for tests. */
        public Builder recordRequests(boolean value) {
            recordRequests = value;
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(port, appId, latencyMillis, slowMillis, retryAfterSeconds, serverErrorRate,
                    rateLimitRate, slowRate, dropRate, malformedRate, notFoundRate, seed, generation, recordRequests);
        }
    }
}
