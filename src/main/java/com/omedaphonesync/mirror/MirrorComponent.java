package com.omedaphonesync.mirror;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import com.omedaphonesync.config.Settings;
import com.omedaphonesync.records.CustomerPhones;

/**
 * {@code mirror:TABLE}, an output that keeps a PostgreSQL table equal to Omeda's phones: each exchange's
 * {@link CustomerPhones} replaces that customer's rows, all or nothing, and an older answer never overwrites a
 * newer one (see {@link MirrorTable}); answers that arrive together share a transaction ({@link GroupCommit}).
 * One connection pool, sized to the lookup concurrency, serves every mirror table.
 *
 * <p>Wiring: {@link #install} at bootstrap. The tables named in {@code omeda.output.uris} are created or checked
 * when the component starts, that is when the Camel context starts, so a database that cannot be reached or a
 * table of another shape stops the program there with a {@code ConfigException}, not at the first write.
 */
public final class MirrorComponent extends DefaultComponent {
    public static final String SCHEME = "mirror";
    /** An unquoted, lower-case SQL name that leaves room for the {@code _customers} suffix in 63 characters. */
    public static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,52}");

    private final Settings.Mirror settings;
    private final int poolSize;
    private final List<String> configuredTables;
    private final Map<String, GroupCommit> tables = new ConcurrentHashMap<>();
    private MirrorDatabase database;
    private ExecutorService writerThreads;
    private ExecutorService continuations;

    private MirrorComponent(Settings.Mirror settings, int poolSize, List<String> configuredTables) {
        this.settings = settings;
        this.poolSize = poolSize;
        this.configuredTables = configuredTables;
    }

    /**
     * A component for the mirror tables of {@code omeda.output.uris}, its pool sized to
     * {@code omeda.http.concurrency}; nothing is opened before it starts.
     */
    public static MirrorComponent create(Settings settings) {
        List<String> tables = settings.outputs().uris().stream().map(MirrorComponent::tableOf)
                .filter(Objects::nonNull).toList();
        return new MirrorComponent(settings.mirror(), settings.http().concurrency(), tables);
    }

    /**
     * Adds the component to the context as {@code mirror} when an output is a mirror table, so that it starts
     * with the context and checks its tables then. Returns it, or null when no output is a mirror table.
     */
    public static MirrorComponent install(CamelContext context, Settings settings) {
        if (settings.outputs().uris().stream().noneMatch(uri -> tableOf(uri) != null)) {
            return null;
        }
        MirrorComponent component = create(settings);
        context.addComponent(SCHEME, component);
        return component;
    }

    /** The table of a {@code mirror:TABLE} URI, or null for any other URI. */
    public static String tableOf(String uri) {
        return uri.startsWith(SCHEME + ":") ? uri.substring(SCHEME.length() + 1).replaceFirst("^//", "") : null;
    }

    /**
     * For a NOT_FOUND answer: when {@code omeda.mirror.delete-not-found} is true, deletes the customer's rows
     * from every mirror table, unless a newer answer was already applied; otherwise does nothing.
     *
     * @param retrievedAt when the lookup that got the 404 started
     * @throws SQLException when the database could not be written: hold the id, as for a failed output
     */
    public void notFound(String brand, String customerId, Instant retrievedAt)
            throws SQLException, InterruptedException {
        if (!settings.deleteNotFound()) {
            return;
        }
        CustomerPhones gone = new CustomerPhones(brand, customerId, null, retrievedAt, List.of());
        for (GroupCommit table : tables.values()) {
            table.write(gone);
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String table = remaining.replaceFirst("^//", "");
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("mirror:" + table + ": a mirror table name is a lower-case SQL name, "
                    + TABLE_NAME.pattern());
        }
        return new MirrorEndpoint(uri, this, table);
    }

    /** The writers of a table, which is created or checked on first use. */
    GroupCommit table(String name) {
        return tables.computeIfAbsent(name, missing -> {
            MirrorTable table = new MirrorTable(database.dataSource(), missing);
            table.prepare();
            return new GroupCommit(table, writerThreads);
        });
    }

    /**
     * Where an exchange continues once its answer is written: not on the writer thread, which would otherwise
     * carry the rest of every exchange of its group before it could write the next group.
     */
    ExecutorService continuations() {
        return continuations;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the writers of each table hold a connection each, whatever the lookup concurrency
        database = MirrorDatabase.open(settings,
                Math.max(poolSize, GroupCommit.WRITERS * Math.max(1, configuredTables.size())));
        writerThreads = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "mirror-writer");
        continuations = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "mirror-written");
        try {
            for (String name : configuredTables) {
                table(name);
            }
        } catch (RuntimeException e) {
            doStop();
            throw e;
        }
    }

    @Override
    protected void doStop() throws Exception {
        tables.clear();
        if (writerThreads != null) {
            // the writers fail what still waits, and those exchanges continue on the continuation threads: let them
            getCamelContext().getExecutorServiceManager().shutdownNow(writerThreads);
            writerThreads.awaitTermination(10, TimeUnit.SECONDS);
            getCamelContext().getExecutorServiceManager().shutdown(continuations);
        }
        if (database != null) {
            database.close();
        }
        super.doStop();
    }
}
