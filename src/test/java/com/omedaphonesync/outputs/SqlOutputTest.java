package com.omedaphonesync.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;
import com.omedaphonesync.support.TestPostgres;

/**
 * A {@code sql:} output binds each record's fields by name, as camel-sql documents, against a real PostgreSQL:
 * the statement an operator writes is run once per phone.
 */
class SqlOutputTest {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @TempDir
    Path dir;

    @Test
    void anInsertWithNamedParametersGetsOneRowPerPhone() throws Exception {
        POSTGRES.execute("CREATE TABLE sql_phones (customer_id text, brand text, phone_id bigint, phone_number text, "
                + "retrieved_at text)");
        Path insert = Files.writeString(dir.resolve("insert.sql"), "INSERT INTO sql_phones (customer_id, brand, "
                + "phone_id, phone_number, retrieved_at) VALUES (:#customerId, :#brand, :#phoneId, :#phoneNumber, "
                + ":#retrievedAt)");
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.output.uris", "sql:file:" + insert + "?dataSource=#phonesDb",
                "camel.beans.phonesDb", "#class:org.postgresql.ds.PGSimpleDataSource",
                "camel.beans.phonesDb.url", POSTGRES.jdbcUrl(),
                "camel.beans.phonesDb.user", TestPostgres.USER))) {
            test.app().enrich(test.idsFile("ids.txt", "12345\n54321\nEMPTY1\n"));
        }

        List<String> rows = new ArrayList<>();
        try (Connection connection = POSTGRES.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT customer_id, brand, phone_id, phone_number FROM sql_phones ORDER BY phone_id")) {
            while (result.next()) {
                rows.add(result.getString(1) + "/" + result.getString(2) + "/" + result.getLong(3) + "/"
                        + result.getString(4));
            }
        }
        assertThat(rows).hasSize(SimulatedCustomers.phoneCount("12345") + SimulatedCustomers.phoneCount("54321"))
                .contains("12345/TEST/472517/8475648900", "12345/TEST/472518/8475648901");
    }
}
