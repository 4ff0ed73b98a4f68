package com.omedaphonesync.kafka;

import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.util.URISupport;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.config.Key;

/**
 * A {@code kafka:} endpoint URI taken apart into its topic and options, to check and complete the options. Names
 * are matched regardless of case, as Camel binds them. Values in {@code RAW(...)} (a SASL password) are kept as
 * written, and a problem is reported by naming the option, never by quoting the URI.
 */
final class KafkaUri {
    private static final String SCHEME = "kafka:";

    private final Key key;
    private final String path;
    private final Map<String, Object> options;

    private KafkaUri(Key key, String path, Map<String, Object> options) {
        this.key = key;
        this.path = path;
        this.options = options;
    }

    static boolean isKafka(String uri) {
        return uri != null && uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    static KafkaUri parse(Key key, String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        try {
            Map<String, Object> options = query < 0 ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(URISupport.parseQuery(uri.substring(query + 1), true));
            return new KafkaUri(key, path, options);
        } catch (URISyntaxException e) {
            throw new ConfigException(key.property() + ": the options of the kafka URI cannot be read ("
                    + e.getReason() + ")");
        }
    }

    /** The value of an option as written, if present. */
    Optional<String> option(String name) {
        return written(name).map(e -> String.valueOf(e.getValue()));
    }

    /** The option, its name spelt as written. */
    private Optional<Map.Entry<String, Object>> written(String name) {
        return options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst();
    }

    /** The value of a numeric option, if present; refused when it is not a number. */
    Optional<Long> number(String name) {
        return written(name).map(option -> {
            String value = String.valueOf(option.getValue());
            try {
                return Long.valueOf(value.strip());
            } catch (NumberFormatException e) {
                refuse(option.getKey() + "=" + value + ", which is not a number");
                return null;
            }
        });
    }

    boolean has(String name) {
        return option(name).isPresent();
    }

    /** Sets an option, replacing whatever was written for it. */
    KafkaUri set(String name, String value) {
        options.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        options.put(name, value);
        return this;
    }

    KafkaUri setIfAbsent(String name, String value) {
        return has(name) ? this : set(name, value);
    }

    /** An option that must have this value: added when absent, refused when written otherwise. */
    KafkaUri require(String name, String value, String why) {
        written(name).filter(option -> !String.valueOf(option.getValue()).equalsIgnoreCase(value))
                .ifPresent(option -> refuse(option.getKey() + "=" + option.getValue() + ": " + why));
        return setIfAbsent(name, value);
    }

    /** Refuses an option passed to the Kafka client directly, where it would bypass the checks. */
    KafkaUri refuseClientProperty(String property) {
        if (has("additionalProperties." + property)) {
            refuse("additionalProperties." + property + " overrides what this service relies on");
        }
        return this;
    }

    void refuse(String problem) {
        throw new ConfigException(key.property() + ": the kafka URI for topic '" + topic() + "' has " + problem);
    }

    String topic() {
        return path.substring(SCHEME.length());
    }

    @Override
    public String toString() {
        String query = URISupport.createQueryString(options, true);
        return query.isEmpty() ? path : path + "?" + query;
    }
}
