package com.omedaphonesync.kafka;

import org.apache.kafka.common.serialization.StringSerializer;

import com.omedaphonesync.config.Key;

/**
 * Checks and completes a {@code kafka:} output URI ({@code omeda.output.uris}, {@code omeda.dead-letter.uri}) at
 * start-up. Each customer's records go out one Kafka record per phone, keyed {@code brand:customerId}
 * ({@link PhoneRecordInterceptor}), through an idempotent producer waiting for every in-sync replica: what
 * camel-kafka does by default. Options that would weaken that (lose or reorder records) are refused rather than
 * silently corrected, so the operator learns that the setting is not honoured. Time bounds are added when absent,
 * so that a send to a broker that is down fails within seconds (and the id is held) instead of blocking a
 * thread for the client's default of a minute, then two.
 */
public final class KafkaOutputs {
    /** How long a send may wait for the broker's metadata or buffer room before it fails. */
    static final int MAX_BLOCK_MS = 10_000;
    /** How long a record may take to be acknowledged, retries included, before its send fails. */
    static final int DELIVERY_TIMEOUT_MS = 30_000;
    private static final long KAFKA_REQUEST_TIMEOUT_MS = 30_000;
    /** More in flight and an idempotent producer may reorder after a retry. */
    private static final int MAX_IN_FLIGHT = 5;

    private KafkaOutputs() {
    }

    /** The URI to use: unchanged when it is not {@code kafka:}. */
    public static String configure(Key key, String uri) {
        if (!KafkaUri.isKafka(uri)) {
            return uri;
        }
        KafkaUri kafka = KafkaUri.parse(key, uri);
        kafka.require("enableIdempotence", "true", "without idempotence a retried send may write a record twice "
                + "or out of order");
        kafka.option("requestRequiredAcks").filter(acks -> !acks.equals("all") && !acks.equals("-1"))
                .ifPresent(acks -> kafka.refuse("requestRequiredAcks=" + acks
                        + ": a record must be on every in-sync replica before its customer counts as written"));
        kafka.number("maxInFlightRequest").filter(n -> n > MAX_IN_FLIGHT)
                .ifPresent(n -> kafka.refuse("maxInFlightRequest=" + n + ": more than " + MAX_IN_FLIGHT
                        + " may reorder a customer's records"));
        kafka.require("useIterator", "true", "each phone is a record of its own");
        kafka.require("keySerializer", StringSerializer.class.getName(), "keys are text (brand:customerId)");
        kafka.require("valueSerializer", StringSerializer.class.getName(), "values are JSON text");
        for (String property : new String[] { "enable.idempotence", "acks", "max.in.flight.requests.per.connection",
                "key.serializer", "value.serializer", "interceptor.classes" }) {
            kafka.refuseClientProperty(property);
        }
        // ours first: interceptors of the operator's (monitoring) then see the record as it is sent
        String interceptors = PhoneRecordInterceptor.class.getName()
                + kafka.option("interceptorClasses").map(own -> "," + own).orElse("");
        kafka.set("interceptorClasses", interceptors);
        kafka.setIfAbsent("maxBlockMs", String.valueOf(kafka.number("maxBlockMs").orElse((long) MAX_BLOCK_MS)));
        if (kafka.number("deliveryTimeoutMs").isEmpty()) {
            // the client refuses a delivery timeout shorter than a request's timeout plus the linger
            long floor = kafka.number("requestTimeoutMs").orElse(KAFKA_REQUEST_TIMEOUT_MS)
                    + kafka.number("lingerMs").orElse(0L);
            kafka.set("deliveryTimeoutMs", String.valueOf(Math.max(DELIVERY_TIMEOUT_MS, floor)));
        }
        return kafka.toString();
    }
}
