package com.omedaphonesync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 14 server (zonky's embedded binaries, unpacked by the build) on a free loopback port, for
 * the tests of a class: a static {@code @RegisterExtension} field starts it before the first test and stops it
 * after the last, deleting its data. As root it runs inside a user namespace ({@code unshare -U}), which zonky
 * does by itself, since PostgreSQL refuses to run as root.
 *
 * <p>The data folder and port are fixed for the server's life, so {@link #stop()} and {@link #start()} take the
 * same database down and up again for real, as an operator restarting it would.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private Path dataDir;
    private int port;
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("test-postgres");
        port = FreePort.next();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(TestPostgres::delete);
            }
        }
    }

    /** Starts the server, on the first call with a fresh database, after a {@link #stop()} with the same data. */
    public synchronized void start() throws IOException {
        if (server == null) {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPort(port)
                    // the default 10 s is tight for initdb on a busy two-core machine
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        }
    }

    /** Shuts the server down ({@code pg_ctl stop -m fast}): open connections break, new ones are refused. */
    public synchronized void stop() throws IOException {
        if (server != null) {
            try {
                server.close();
            } finally {
                server = null;
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A plain, unpooled connection factory to check the tables with. */
    public synchronized DataSource dataSource() {
        return server.getPostgresDatabase();
    }

    /** Runs statements with a connection of its own, e.g. to drop a table between tests. */
    public void execute(String... statements) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
