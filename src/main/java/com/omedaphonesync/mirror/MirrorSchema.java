package com.omedaphonesync.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.omedaphonesync.config.ConfigException;

/**
 * The two tables of one mirror, created when missing and otherwise checked, column by column, against what the
 * writes need. The DDL here is docs/outputs.md's ("The tables"); MirrorDocsTest keeps them equal.
 */
final class MirrorSchema {
    /** Column, type as PostgreSQL's {@code format_type} prints it, and whether it is NOT NULL. */
    record Column(String name, String type, boolean notNull) {
        @Override
        public String toString() {
            return name + " " + type + (notNull ? " NOT NULL" : "");
        }
    }

    static final List<Column> PHONES = List.of(
            new Column("customer_id", "text", true),
            new Column("brand", "text", true),
            new Column("phone_id", "bigint", true),
            new Column("phone_contact_type", "integer", false),
            new Column("phone_contact_type_name", "text", false),
            new Column("phone_number", "text", false),
            new Column("extension", "text", false),
            new Column("status_code", "integer", false),
            new Column("status_name", "text", false),
            new Column("changed_date", "timestamp without time zone", false),
            new Column("submission_id", "text", false),
            new Column("source", "text", false),
            new Column("retrieved_at", "timestamp with time zone", true));
    static final List<String> PHONES_KEY = List.of("brand", "customer_id", "phone_id");

    static final List<Column> CUSTOMERS = List.of(
            new Column("brand", "text", true),
            new Column("customer_id", "text", true),
            new Column("retrieved_at", "timestamp with time zone", true));
    static final List<String> CUSTOMERS_KEY = List.of("brand", "customer_id");

    /** Taken while creating tables, so that two instances starting together do not both create one. */
    private static final String SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(hashtext('omeda-phone-sync mirror schema'))";

    private MirrorSchema() {
    }

    /** The companion table holding, per customer, when the newest answer applied was retrieved. */
    static String customersTable(String table) {
        return table + "_customers";
    }

    /**
     * The statements that create a mirror's tables, as printed in docs/outputs.md. Every refresh rewrites each row
     * (retrieved_at changes): free room on each page lets PostgreSQL rewrite it in place, without a new index
     * entry (a HOT update).
     */
    static List<String> ddl(String table) {
        return List.of(createTable(table, PHONES, PHONES_KEY), createTable(customersTable(table), CUSTOMERS,
                CUSTOMERS_KEY));
    }

    /**
     * Creates the tables that are missing, then checks both.
     *
     * @throws ConfigException when a table has other columns, types, nullability or primary key, or the
     *         database refuses
     */
    static void prepare(Connection connection, String table) {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute(SCHEMA_LOCK);
                List<String> ddl = ddl(table);
                if (!exists(connection, table)) {
                    statement.execute(ddl.get(0));
                }
                if (!exists(connection, customersTable(table))) {
                    statement.execute(ddl.get(1));
                }
            }
            connection.commit();
            List<String> problems = new ArrayList<>();
            problems.addAll(differences(connection, table, PHONES, PHONES_KEY));
            problems.addAll(differences(connection, customersTable(table), CUSTOMERS, CUSTOMERS_KEY));
            connection.commit();
            if (!problems.isEmpty()) {
                throw new ConfigException("mirror:" + table + ": the existing table does not have the mirror's shape:\n  "
                        + String.join("\n  ", problems) + "\n  Rename or drop it, or name another table in the "
                        + "mirror: URI (the DDL is in docs/outputs.md, \"The tables\")");
            }
        } catch (SQLException e) {
            rollback(connection);
            throw new ConfigException("mirror:" + table + ": cannot create or check the table (" + e.getMessage() + ")",
                    e);
        }
    }

    private static String createTable(String name, List<Column> columns, List<String> key) {
        int width = columns.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        return "CREATE TABLE " + name + " (\n" + columns.stream()
                .map(c -> "    " + String.format("%-" + width + "s ", c.name()) + sqlType(c.type())
                        + (c.notNull() ? " NOT NULL" : ""))
                .collect(Collectors.joining(",\n"))
                + ",\n    PRIMARY KEY (" + String.join(", ", key) + ")\n) WITH (fillfactor = 70)";
    }

    /** The short spelling for the DDL; {@code format_type} prints the long one. */
    private static String sqlType(String type) {
        return switch (type) {
            case "timestamp without time zone" -> "timestamp";
            case "timestamp with time zone" -> "timestamptz";
            default -> type;
        };
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, table);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static List<String> differences(Connection connection, String table, List<Column> expected,
            List<String> expectedKey) throws SQLException {
        Map<String, Column> actual = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
                WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum""")) {
            query.setString(1, table);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    actual.put(result.getString(1),
                            new Column(result.getString(1), result.getString(2), result.getBoolean(3)));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Column column : expected) {
            Column found = actual.remove(column.name());
            if (found == null) {
                problems.add(table + ": column " + column.name() + " is missing (expected " + column + ")");
            } else if (!found.equals(column)) {
                problems.add(table + ": column " + found + ", expected " + column);
            }
        }
        actual.values().forEach(extra -> problems.add(table + ": column " + extra + " is not the mirror's"));
        List<String> key = primaryKey(connection, table);
        if (!key.equals(expectedKey)) {
            problems.add(table + ": primary key " + (key.isEmpty() ? "none" : "(" + String.join(", ", key) + ")")
                    + ", expected (" + String.join(", ", expectedKey) + ")");
        }
        return problems;
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = to_regclass(?) AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)""")) {
            query.setString(1, table);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    key.add(result.getString(1));
                }
            }
        }
        return key;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
