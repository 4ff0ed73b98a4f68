package com.omedaphonesync.config;

import java.net.URI;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.mirror.MirrorComponent;
import com.omedaphonesync.outputs.Format;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.sources.Schedule;

/** The validated, typed configuration: built once at start-up, so that a bad key stops the program there. */
public record Settings(Api api, Http http, Retry retry, Circuit circuit, FileSource fileSource, QueueSource queueSource,
        TimerSource timerSource, Broker broker, Outputs outputs, Mirror mirror, Cluster cluster) {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    public record Api(URI baseUrl, String brand, Secret appId) {
    }

    public record Http(int concurrency, int rateLimitPerSecond, Duration connectTimeout, Duration responseTimeout) {
    }

    public record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    }

    /**
     * {@code failureThreshold} 0 turns the circuit breaker off. {@code batchGiveUpAfter}: how long {@code batch}
     * and {@code replay} wait on an open circuit before they hold the rest of their ids; zero waits for ever.
     */
    public record Circuit(int failureThreshold, Duration openFor, Duration batchGiveUpAfter) {
    }

    public record FileSource(boolean enabled, Path dir) {
    }

    /**
     * @param maxMessageBytes a larger message is dead-lettered at once, unread
     * @param maxDeliveries deliveries of a message that cannot be processed before it is dead-lettered
     */
    public record QueueSource(boolean enabled, String uri, int maxMessageBytes, int maxDeliveries) {
    }

    public record TimerSource(boolean enabled, Schedule schedule, Path idsFile) {
    }

    /**
     * @param url an Artemis URL: {@code tcp://host:port}, or a list for an HA pair,
     *        {@code (tcp://a:61616,tcp://b:61616)?ha=true}
     * @param user null when the broker needs none
     */
    public record Broker(String url, boolean embedded, Path dataDir, String user, Secret password) {
    }

    public record Outputs(List<String> uris, Format format, String deadLetterUri, Path reportDir) {
    }

    /**
     * The PostgreSQL database behind {@code mirror:} outputs; {@code jdbcUrl} is null when none is configured.
     *
     * @param user null to let the driver decide (the jdbc-url's {@code user=} parameter, or none)
     * @param password null when not set
     * @param deleteNotFound whether a NOT_FOUND answer deletes the customer's rows
     */
    public record Mirror(String jdbcUrl, String user, Secret password, boolean deleteNotFound) {
    }

    /**
     * How several instances elect the one that runs the drop folder and the schedule.
     *
     * @param instanceId this instance's name in the cluster and in {@code {{omeda.instance.id}}}
     * @param fileDir the folder of the file-lock backend: the drop folder's {@code .cluster/} unless set
     * @param expectedMembers how many instances share the rate limit on the file-lock backend, which cannot see them
     */
    public record Cluster(boolean enabled, ClusterBackend backend, String namespace, String instanceId, Path fileDir,
            Duration fileAcquireInterval, int fileMissedHeartbeats, int expectedMembers, String zooKeeperNodes,
            Duration zooKeeperSessionTimeout) {
    }

    /**
     * @throws ConfigException naming every key that is missing or wrong, one per line
     */
    public static Settings from(Properties properties) {
        Parser p = new Parser(properties);
        Outputs outputs = new Outputs(p.camelUris(Key.OUTPUT_URIS), p.parsed(Key.OUTPUT_FORMAT, Format::parse),
                p.camelUri(Key.DEAD_LETTER_URI, p.text(Key.DEAD_LETTER_URI)), p.path(Key.REPORT_DIR));
        Settings settings = new Settings(
                new Api(p.baseUrl(), p.brand(), p.appId()),
                new Http(p.integer(Key.HTTP_CONCURRENCY, 1, 1024), p.integer(Key.HTTP_RATE_LIMIT, 0, 100_000),
                        p.millis(Key.HTTP_CONNECT_TIMEOUT, 1), p.millis(Key.HTTP_RESPONSE_TIMEOUT, 1)),
                new Retry(p.integer(Key.RETRY_MAX_ATTEMPTS, 1, 100), p.millis(Key.RETRY_INITIAL_DELAY, 0),
                        p.millis(Key.RETRY_MAX_DELAY, 0)),
                new Circuit(p.integer(Key.CIRCUIT_FAILURE_THRESHOLD, 0, 1_000_000), p.millis(Key.CIRCUIT_OPEN, 0),
                        p.millis(Key.BATCH_GIVE_UP_AFTER, 0)),
                new FileSource(p.bool(Key.FILE_ENABLED), p.path(Key.FILE_DIR)),
                new QueueSource(p.bool(Key.QUEUE_ENABLED), p.camelUri(Key.QUEUE_URI, p.text(Key.QUEUE_URI)),
                        p.integer(Key.QUEUE_MAX_MESSAGE_BYTES, 1, Integer.MAX_VALUE),
                        p.integer(Key.QUEUE_MAX_DELIVERIES, 1, 1000)),
                new TimerSource(p.bool(Key.TIMER_ENABLED), p.parsed(Key.TIMER_SCHEDULE, Schedule::parse),
                        p.path(Key.TIMER_IDS_FILE)),
                new Broker(p.brokerUrl(p.bool(Key.BROKER_EMBEDDED)), p.bool(Key.BROKER_EMBEDDED),
                        p.path(Key.BROKER_DATA_DIR), p.optional(Key.BROKER_USER),
                        new Secret(p.optional(Key.BROKER_PASSWORD))),
                outputs, p.mirror(outputs.uris()), p.cluster());
        if (settings.retry.initialDelay != null && settings.retry.maxDelay != null
                && settings.retry.initialDelay.compareTo(settings.retry.maxDelay) > 0) {
            p.problem(Key.RETRY_INITIAL_DELAY, "must not exceed " + Key.RETRY_MAX_DELAY.property());
        }
        p.failOnProblems();
        warnOnFormatMismatch(settings.outputs);
        return settings;
    }

    /** A CSV file named .jsonl (or the other way round) is legal, but most likely a forgotten key. */
    private static void warnOnFormatMismatch(Outputs outputs) {
        String other = outputs.format == Format.CSV ? ".jsonl" : ".csv";
        for (String uri : outputs.uris) {
            String fileName = Parser.fileName(uri);
            if (fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(other)) {
                LOG.warn("{} is {} but the output {} writes a file named {}: check {} or the file name",
                        Key.OUTPUT_FORMAT.property(), outputs.format.name().toLowerCase(Locale.ROOT), uri,
                        fileName, Key.OUTPUT_FORMAT.property());
            }
        }
    }

    /**
     * The omeda.* keys and their values for a start-up log line: the app id and the mirror's password masked, and any password or
     * other secret option inside an endpoint URI too.
     */
    public static String describe(Properties properties) {
        TreeMap<String, String> shown = new TreeMap<>();
        for (Key key : Key.values()) {
            String value = properties.getProperty(key.property());
            shown.put(key.property(), key.secret() ? (value == null || value.isBlank() ? "(not set)" : "****")
                    : URISupport.sanitizeUri(String.valueOf(value)));
        }
        return shown.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Reads one key at a time, remembering every problem so that all are reported together. */
    private static final class Parser {
        private static final Pattern CAMEL_SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):");
        private static final Pattern SINGLE_TCP = Pattern.compile("tcp://[^:/?,()]+:\\d+");

        private final Properties properties;
        private final List<String> problems = new ArrayList<>();

        Parser(Properties properties) {
            this.properties = properties;
        }

        void problem(Key key, String what) {
            problems.add(key.property() + " " + what);
        }

        void failOnProblems() {
            if (!problems.isEmpty()) {
                throw new ConfigException("Configuration error" + (problems.size() > 1 ? "s" : "") + ":\n  "
                        + String.join("\n  ", problems));
            }
        }

        String raw(Key key) {
            String value = properties.getProperty(key.property());
            return value == null ? null : value.strip();
        }

        String text(Key key) {
            String value = raw(key);
            if (value == null || value.isEmpty()) {
                problem(key, "is required: set it in config/application.properties, pass --" + key.property()
                        + "=..., or set the environment variable " + key.environmentVariable());
                return null;
            }
            return value;
        }

        <T> T parsed(Key key, Function<String, T> parser) {
            String value = text(key);
            if (value == null) {
                return null;
            }
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                problem(key, "is invalid: " + e.getMessage());
                return null;
            }
        }

        boolean bool(Key key) {
            String value = text(key);
            if (value == null) {
                return false;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> {
                    problem(key, "must be true or false, not '" + value + "'");
                    yield false;
                }
            };
        }

        int integer(Key key, int min, int max) {
            String value = text(key);
            if (value == null) {
                return min;
            }
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    problem(key, "must be between " + min + " and " + max + ", not " + number);
                }
                return number;
            } catch (NumberFormatException e) {
                problem(key, "must be a whole number, not '" + value + "'");
                return min;
            }
        }

        Duration millis(Key key, int min) {
            return Duration.ofMillis(integer(key, min, Integer.MAX_VALUE));
        }

        Path path(Key key) {
            return parsed(key, value -> {
                try {
                    return Path.of(value);
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("'" + value + "' is not a path");
                }
            });
        }

        List<String> list(Key key) {
            String value = text(key);
            if (value == null) {
                return List.of();
            }
            List<String> items = Arrays.stream(value.split(",")).map(String::strip).toList();
            if (items.stream().anyMatch(String::isEmpty)) {
                problem(key, "has an empty entry in '" + value + "'");
            }
            return items;
        }

        List<String> camelUris(Key key) {
            List<String> uris = list(key);
            uris.forEach(uri -> camelUri(key, uri));
            uris.stream().filter(uri -> uris.indexOf(uri) != uris.lastIndexOf(uri)).distinct().forEach(uri ->
                    problem(key, "lists '" + uri + "' twice: each record would be written to it twice"));
            return uris;
        }

        /** Checks that a Camel component for the URI's scheme is on the class path. */
        String camelUri(Key key, String uri) {
            if (uri == null) {
                return null;
            }
            Matcher scheme = CAMEL_SCHEME.matcher(uri);
            if (!scheme.lookingAt()) {
                problem(key, "has '" + uri + "', which is not a Camel endpoint URI (scheme:...)");
            } else if (!MirrorComponent.SCHEME.equals(scheme.group(1)) && Settings.class.getClassLoader()
                    .getResource("META-INF/services/org/apache/camel/component/" + scheme.group(1)) == null) {
                problem(key, "has '" + uri + "': no Camel component for the scheme '" + scheme.group(1) + "'");
            } else if ("file".equalsIgnoreCase(scheme.group(1)) && fileName(uri) == null) {
                problem(key, "has '" + uri + "' without a fileName: a file output appends to one file, e.g. "
                        + uri + (uri.contains("?") ? "&" : "?") + "fileName=phones.jsonl");
            }
            return uri;
        }

        /** The {@code fileName} option of a {@code file:} URI, or null for another URI or none given. */
        static String fileName(String uri) {
            if (!uri.regionMatches(true, 0, "file:", 0, 5)) {
                return null;
            }
            int query = uri.indexOf('?');
            if (query < 0) {
                return null;
            }
            try {
                Object name = URISupport.parseQuery(uri.substring(query + 1)).get("fileName");
                return name == null || name.toString().isBlank() ? null : name.toString();
            } catch (URISyntaxException e) {
                return null;
            }
        }

        URI baseUrl() {
            return parsed(Key.BASE_URL, value -> {
                URI uri = uri(value);
                if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                        || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                        || uri.getUserInfo() != null) {
                    throw new IllegalArgumentException("'" + value
                            + "' is not an http(s) URL of the form https://host[:port][/path]");
                }
                return URI.create(value.replaceAll("/+$", ""));
            });
        }

        /** Parsed by Artemis itself, so that whatever its clients accept (HA lists, options) is accepted. */
        String brokerUrl(boolean embedded) {
            String value = text(Key.BROKER_URL);
            if (value == null) {
                return null;
            }
            try (ServerLocator locator = ActiveMQClient.createServerLocator(value)) {
                if (embedded && !SINGLE_TCP.matcher(value).matches()) {
                    problem(Key.BROKER_URL, "must be one tcp://host:port when " + Key.BROKER_EMBEDDED.property()
                            + "=true, not '" + value + "'");
                }
            } catch (Exception e) {
                problem(Key.BROKER_URL, "'" + value + "' is not an Artemis broker URL (tcp://host:port, or "
                        + "(tcp://a:61616,tcp://b:61616)?ha=true for an HA pair): " + e.getMessage());
            }
            return value;
        }

        Cluster cluster() {
            String instanceId = optional(Key.INSTANCE_ID);
            if (instanceId == null) {
                instanceId = InstanceId.ofThisProcess();
            } else if (!InstanceId.VALID.matcher(instanceId).matches()) {
                problem(Key.INSTANCE_ID, "must match " + InstanceId.VALID.pattern() + " (it may become part of a "
                        + "file name), not '" + instanceId + "'");
            }
            String namespace = text(Key.CLUSTER_NAMESPACE);
            if (namespace != null && !InstanceId.VALID.matcher(namespace).matches()) {
                problem(Key.CLUSTER_NAMESPACE, "must match " + InstanceId.VALID.pattern() + ", not '" + namespace
                        + "'");
            }
            return new Cluster(bool(Key.CLUSTER_ENABLED), parsed(Key.CLUSTER_BACKEND, ClusterBackend::parse),
                    namespace, instanceId, clusterFolder(),
                    millis(Key.CLUSTER_FILE_INTERVAL, 100), integer(Key.CLUSTER_FILE_MISSED_HEARTBEATS, 2, 100),
                    integer(Key.CLUSTER_EXPECTED_MEMBERS, 1, 1000), text(Key.CLUSTER_ZOOKEEPER_NODES), millis(Key.CLUSTER_ZOOKEEPER_SESSION_TIMEOUT, 1000));
        }

        /** The drop folder's .cluster/ unless set; its problems are the drop folder's, reported there. */
        private Path clusterFolder() {
            if (optional(Key.CLUSTER_FILE_DIR) != null) {
                return path(Key.CLUSTER_FILE_DIR);
            }
            try {
                String dropFolder = optional(Key.FILE_DIR);
                return dropFolder == null ? null : Path.of(dropFolder).resolve(".cluster");
            } catch (InvalidPathException e) {
                return null;
            }
        }

        /** A key that may be left empty: null then. */
        String optional(Key key) {
            String value = raw(key);
            return value == null || value.isEmpty() ? null : value;
        }

        String brand() {
            String brand = text(Key.BRAND);
            if (brand != null && !IdRequest.BRAND.matcher(brand).matches()) {
                problem(Key.BRAND, "must match [A-Za-z0-9_-]{1,32}, not '" + brand + "'");
            }
            return brand;
        }

        /** The mirror's database; required as soon as an output is a {@code mirror:} table. */
        Mirror mirror(List<String> outputUris) {
            for (Key elsewhere : List.of(Key.DEAD_LETTER_URI, Key.QUEUE_URI)) {
                String uri = raw(elsewhere);
                if (uri != null && MirrorComponent.tableOf(uri) != null) {
                    problem(elsewhere, "cannot be '" + uri + "': a mirror table is an output of customers' phones, "
                            + "named in " + Key.OUTPUT_URIS.property());
                }
            }
            String jdbcUrl = raw(Key.MIRROR_JDBC_URL);
            List<String> tables = new ArrayList<>();
            for (String uri : outputUris) {
                String table = MirrorComponent.tableOf(uri);
                if (table == null) {
                    continue;
                }
                if (!MirrorComponent.TABLE_NAME.matcher(table).matches()) {
                    problem(Key.OUTPUT_URIS, "has '" + uri + "': a mirror table name is a lower-case SQL name, "
                            + MirrorComponent.TABLE_NAME.pattern() + ", with no options");
                }
                tables.add(table);
            }
            if (jdbcUrl == null || jdbcUrl.isEmpty()) {
                if (!tables.isEmpty()) {
                    problem(Key.MIRROR_JDBC_URL, "is required by the output 'mirror:" + tables.get(0)
                            + "': set it to the PostgreSQL database, e.g. jdbc:postgresql://dbhost:5432/sync");
                }
                jdbcUrl = null;
            } else if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                problem(Key.MIRROR_JDBC_URL, "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), not '"
                        + URISupport.sanitizeUri(jdbcUrl) + "'");
            }
            String user = raw(Key.MIRROR_USER);
            String password = raw(Key.MIRROR_PASSWORD);
            return new Mirror(jdbcUrl, user == null || user.isEmpty() ? null : user,
                    password == null || password.isEmpty() ? null : new Secret(password),
                    bool(Key.MIRROR_DELETE_NOT_FOUND));
        }

        Secret appId() {
            String appId = text(Key.APP_ID);
            if (appId == null) {
                return null;
            }
            if (appId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                problem(Key.APP_ID, "may hold only visible ASCII characters (its value is not shown)");
            }
            return new Secret(appId);
        }

        private static URI uri(String value) {
            try {
                return new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason());
            }
        }
    }
}
