package com.omedaphonesync.config;

import java.util.Locale;

/**
 * Every configuration key the product reads, with its built-in default. This is the code's copy of the
 * table in SPEC.md section 3, followed by this implementation's additions. docs/configuration.md lists exactly these
 * keys (ConfigurationReferenceTest).
 */
public enum Key {
    BASE_URL("omeda.base-url", "https://ows.omedastaging.com"),
    BRAND("omeda.brand", null),
    APP_ID("omeda.app-id", null),
    HTTP_CONCURRENCY("omeda.http.concurrency", "8"),
    HTTP_RATE_LIMIT("omeda.http.rate-limit-per-second", "0"),
    HTTP_CONNECT_TIMEOUT("omeda.http.connect-timeout-ms", "5000"),
    HTTP_RESPONSE_TIMEOUT("omeda.http.response-timeout-ms", "15000"),
    RETRY_MAX_ATTEMPTS("omeda.retry.max-attempts", "4"),
    RETRY_INITIAL_DELAY("omeda.retry.initial-delay-ms", "500"),
    RETRY_MAX_DELAY("omeda.retry.max-delay-ms", "30000"),
    FILE_ENABLED("omeda.source.file.enabled", "true"),
    FILE_DIR("omeda.source.file.dir", "input"),
    QUEUE_ENABLED("omeda.source.queue.enabled", "false"),
    QUEUE_URI("omeda.source.queue.uri", "jms:queue:omeda.customer-ids"),
    BROKER_URL("omeda.broker.url", "tcp://localhost:61616"),
    BROKER_EMBEDDED("omeda.broker.embedded", "false"),
    TIMER_ENABLED("omeda.source.timer.enabled", "false"),
    TIMER_SCHEDULE("omeda.source.timer.schedule", "0 0 2 * * ?"),
    TIMER_IDS_FILE("omeda.source.timer.ids-file", "config/refresh-ids.txt"),
    OUTPUT_URIS("omeda.output.uris", "file:output?fileName=phones.jsonl"),
    OUTPUT_FORMAT("omeda.output.format", "jsonl"),
    DEAD_LETTER_URI("omeda.dead-letter.uri", "file:output?fileName=dead-letter.jsonl"),
    // additions beyond SPEC.md
    BROKER_DATA_DIR("omeda.broker.data-dir", "data/broker"),
    REPORT_DIR("omeda.report.dir", "output/reports"),
    QUEUE_MAX_MESSAGE_BYTES("omeda.source.queue.max-message-bytes", "16777216"),
    QUEUE_MAX_DELIVERIES("omeda.source.queue.max-deliveries", "5"),
    CIRCUIT_FAILURE_THRESHOLD("omeda.circuit.failure-threshold", "10"),
    CIRCUIT_OPEN("omeda.circuit.open-ms", "10000"),
    BATCH_GIVE_UP_AFTER("omeda.batch.give-up-after-ms", "300000"),
    BROKER_USER("omeda.broker.user", ""),
    BROKER_PASSWORD("omeda.broker.password", ""),
    MIRROR_JDBC_URL("omeda.mirror.jdbc-url", null),
    MIRROR_USER("omeda.mirror.user", null),
    MIRROR_PASSWORD("omeda.mirror.password", null),
    MIRROR_DELETE_NOT_FOUND("omeda.mirror.delete-not-found", "false"),
    INSTANCE_ID("omeda.instance.id", ""),
    CLUSTER_ENABLED("omeda.cluster.enabled", "false"),
    CLUSTER_BACKEND("omeda.cluster.backend", "file"),
    CLUSTER_NAMESPACE("omeda.cluster.namespace", "omeda-phone-sync"),
    CLUSTER_FILE_DIR("omeda.cluster.file.dir", ""),
    CLUSTER_FILE_INTERVAL("omeda.cluster.file.acquire-interval-ms", "2000"),
    CLUSTER_FILE_MISSED_HEARTBEATS("omeda.cluster.file.missed-heartbeats", "3"),
    CLUSTER_EXPECTED_MEMBERS("omeda.cluster.expected-members", "1"),
    CLUSTER_ZOOKEEPER_NODES("omeda.cluster.zookeeper.nodes", "localhost:2181"),
    CLUSTER_ZOOKEEPER_SESSION_TIMEOUT("omeda.cluster.zookeeper.session-timeout-ms", "10000");

    private final String property;
    private final String defaultValue;

    Key(String property, String defaultValue) {
        this.property = property;
        this.defaultValue = defaultValue;
    }

    public String property() {
        return property;
    }

    /** The built-in default, or null for a key that has none (required, unless it only matters for an option). */
    public String defaultValue() {
        return defaultValue;
    }

    /** A credential: its value is never shown, not even in the start-up line. */
    public boolean secret() {
        return this == APP_ID || this == BROKER_PASSWORD || this == MIRROR_PASSWORD;
    }

    /** {@code omeda.app-id} is read from {@code OMEDA_APP_ID}. */
    public String environmentVariable() {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
