package com.omedaphonesync.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.apache.camel.util.URISupport;

import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;

/**
 * The demo's optional database: given {@code --omeda.mirror.jdbc-url} (and its user and password, as for
 * {@code run}), the demo's records also go to the {@code mirror:phones} table, which is shown at the end with
 * the query an operator would run to check it.
 */
final class DemoMirror {
    static final String TABLE = "phones";
    private static final List<Key> KEYS = List.of(Key.MIRROR_JDBC_URL, Key.MIRROR_USER, Key.MIRROR_PASSWORD,
            Key.MIRROR_DELETE_NOT_FOUND);
    /** docs/outputs.md, "Checking the mirror": one line per brand. */
    static final String CHECK = "SELECT brand, count(*) AS phones, count(DISTINCT customer_id) AS customers,"
            + " max(retrieved_at) AS newest FROM " + TABLE + " GROUP BY brand ORDER BY brand";
    private static final String PER_CUSTOMER = "SELECT customer_id, count(*) AS phones FROM " + TABLE
            + " WHERE brand = 'DEMO' GROUP BY customer_id ORDER BY customer_id";

    private DemoMirror() {
    }

    /** Whether the command line (or the environment) names a database for the demo. */
    static boolean given(Properties given) {
        return given.getProperty(Key.MIRROR_JDBC_URL.property()) != null;
    }

    /** Adds the mirror to the demo's outputs, with the database settings given. */
    static void addTo(Properties demo, Properties given) {
        for (Key key : KEYS) {
            String value = given.getProperty(key.property());
            if (value != null) {
                demo.setProperty(key.property(), value);
            }
        }
        demo.setProperty(Key.OUTPUT_URIS.property(),
                demo.getProperty(Key.OUTPUT_URIS.property()) + ",mirror:" + TABLE);
    }

    /** The table as the checking queries see it. */
    static void show(Settings.Mirror mirror, PrintStream out) throws SQLException {
        out.println("  mirror        mirror:" + TABLE + " in " + URISupport.sanitizeUri(mirror.jdbcUrl()));
        out.println("      checked with: " + CHECK);
        try (Connection connection = DriverManager.getConnection(mirror.jdbcUrl(), mirror.user(),
                mirror.password() == null ? null : mirror.password().reveal());
                Statement statement = connection.createStatement()) {
            try (ResultSet brands = statement.executeQuery(CHECK)) {
                while (brands.next()) {
                    out.println("      brand " + brands.getString("brand") + ": " + brands.getLong("phones")
                            + " rows, " + brands.getLong("customers") + " customers, newest answer "
                            + brands.getTimestamp("newest").toInstant());
                }
            }
            try (ResultSet customers = statement.executeQuery(PER_CUSTOMER)) {
                StringBuilder line = new StringBuilder("      phones per DEMO customer:");
                while (customers.next()) {
                    line.append(' ').append(customers.getString("customer_id")).append('=')
                            .append(customers.getLong("phones"));
                }
                out.println(line);
            }
        }
    }
}
