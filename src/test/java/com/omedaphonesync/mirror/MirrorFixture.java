package com.omedaphonesync.mirror;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import com.omedaphonesync.config.ConfigLoader;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.PhoneContactTypes;
import com.omedaphonesync.records.PhoneRecord;
import com.omedaphonesync.records.PhoneRecords;
import com.omedaphonesync.support.TestPostgres;

/**
 * A Camel context with the mirror component as the app wires it ({@link MirrorComponent#install}), writing to a
 * real PostgreSQL; answers to send and the rows to compare them with.
 */
final class MirrorFixture implements AutoCloseable {
    static final String BRAND = "TEST";
    static final String TABLE = "phones";
    static final String URI = "mirror:" + TABLE;

    private final CamelContext context = new DefaultCamelContext();
    private final MirrorComponent component;
    private final ProducerTemplate template;

    private MirrorFixture(Settings settings) throws Exception {
        component = MirrorComponent.install(context, settings);
        try {
            context.start();
        } catch (Exception e) {
            context.close();
            throw e;
        }
        template = context.createProducerTemplate();
    }

    /** Started; throws what the context's start throws (a table of the wrong shape, say). */
    static MirrorFixture start(TestPostgres postgres, Map<String, String> overrides) throws Exception {
        return new MirrorFixture(settings(postgres, overrides));
    }

    static Settings settings(TestPostgres postgres, Map<String, String> overrides) {
        Properties p = ConfigLoader.load(Path.of(""), null, Map.of(), Map.of());
        p.setProperty("omeda.brand", BRAND);
        p.setProperty("omeda.app-id", "mirror-test-app-id");
        p.setProperty("omeda.http.concurrency", "4");
        p.setProperty("omeda.output.uris", URI);
        p.setProperty("omeda.mirror.jdbc-url", postgres.jdbcUrl());
        p.setProperty("omeda.mirror.user", TestPostgres.USER);
        p.putAll(overrides);
        return Settings.from(p);
    }

    /** Sends one customer's answer as the pipeline does; a failed write throws CamelExecutionException. */
    void send(CustomerPhones answer) {
        template.sendBody(URI, answer);
    }

    MirrorComponent component() {
        return component;
    }

    @Override
    public void close() throws Exception {
        context.close();
    }

    /** A phone as the flattener makes it: the number and its status follow from the id. */
    static PhoneRecord phone(String customerId, long phoneId, Instant retrievedAt, String number) {
        int type = phoneId % 2 == 0 ? 200 : 230;
        Integer status = phoneId % 3 == 0 ? null : 1;
        return new PhoneRecord(customerId, BRAND, phoneId, type, PhoneContactTypes.name(type), number,
                phoneId % 2 == 0 ? "12" : null, status, status == null ? null : PhoneContactTypes.statusName(status),
                "2015-03-08T21:23:34", "SUB-" + customerId, "file:ids.txt", PhoneRecords.instant(retrievedAt));
    }

    static CustomerPhones answer(String customerId, Instant retrievedAt, long... phoneIds) {
        return answer(customerId, retrievedAt, "847", phoneIds);
    }

    /** An answer whose phone numbers are the prefix and the phone id. */
    static CustomerPhones answer(String customerId, Instant retrievedAt, String numberPrefix, long... phoneIds) {
        return new CustomerPhones(BRAND, customerId, "file:ids.txt", retrievedAt, Arrays.stream(phoneIds)
                .mapToObj(id -> phone(customerId, id, retrievedAt, numberPrefix + id)).toList());
    }

    /** Every row of a table, ordered by its first columns, each row as column name to value. */
    static List<Map<String, Object>> rows(TestPostgres postgres, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    row.put(meta.getColumnName(c), result.getObject(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Map<String, Object>> phones(TestPostgres postgres) throws SQLException {
        return rows(postgres, "SELECT * FROM " + TABLE + " ORDER BY brand, customer_id, phone_id");
    }

    /** The phone ids of a customer, in order. */
    static List<Long> phoneIds(TestPostgres postgres, String customerId) throws SQLException {
        return rows(postgres, "SELECT phone_id FROM " + TABLE + " WHERE customer_id = '" + customerId
                + "' ORDER BY phone_id").stream().map(row -> (Long) row.get("phone_id")).toList();
    }
}
