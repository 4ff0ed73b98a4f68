package com.omedaphonesync.mirror;

import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.util.URISupport;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/** The mirror's HikariCP pool, sized to the lookup concurrency. */
final class MirrorDatabase implements AutoCloseable {
    /** How long a write waits for a connection, e.g. while the database is down, before it fails and holds the id. */
    private static final long CONNECTION_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private final HikariDataSource dataSource;

    private MirrorDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool and one connection at once, so that a database that cannot be reached is a start-up error.
     *
     * @throws ConfigException naming {@code omeda.mirror.jdbc-url} when no connection can be made
     */
    static MirrorDatabase open(Settings.Mirror settings, int poolSize) {
        if (settings.jdbcUrl() == null) {
            throw new ConfigException(Key.MIRROR_JDBC_URL.property() + " is required by a mirror: output");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("mirror");
        config.setJdbcUrl(settings.jdbcUrl());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password().reveal());
        }
        config.setMaximumPoolSize(poolSize);
        // grouped writes use a connection per writer thread: the rest of the pool is opened only if needed
        config.setMinimumIdle(Math.min(poolSize, GroupCommit.WRITERS));
        // every write is one explicit transaction; the pool rolls back whatever a failed write left open
        config.setAutoCommit(false);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // a database that stops answering must fail the write (the id is held and retried), not hang a lookup
        // thread forever; a jdbc-url parameter of the same name wins over these
        config.addDataSourceProperty("connectTimeout", "10");
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("ApplicationName", "omeda-phone-sync");
        try {
            return new MirrorDatabase(new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException(Key.MIRROR_JDBC_URL.property() + ": cannot connect to "
                    + URISupport.sanitizeUri(settings.jdbcUrl())
                    + (settings.user() == null ? "" : " as " + settings.user()) + " (" + cause.getMessage() + ")", e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
