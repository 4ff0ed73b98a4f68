package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestPostgres;

/**
 * {@code demo --omeda.mirror.jdbc-url=...} (docs/outputs.md, "Try it with the demo"): the demo's records also land in the
 * {@code phones} table of the PostgreSQL given, and the summary shows the table with the query that checks it.
 */
class DemoWithMirrorIT {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void demoGivenAPostgresMirrorsEveryEnrichedCustomerAndShowsTheTable() throws Exception {
        JarProcess.Result result = JarProcess.in(dir).run(TIMEOUT, "demo",
                "--omeda.mirror.jdbc-url=" + POSTGRES.jdbcUrl(), "--omeda.mirror.user=" + TestPostgres.USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        // the demo's enriched customers with phones: file 12345 1001 1002, queue 2001 2002 2003, timer 3001 3002
        // FLAKY1a (EMPTY1 has none)
        List<String> customers = List.of("1001", "1002", "12345", "2001", "2002", "2003", "3001", "3002", "FLAKY1a")
                .stream().filter(id -> SimulatedCustomers.phoneCount(id) > 0).toList();
        int phones = customers.stream().mapToInt(SimulatedCustomers::phoneCount).sum();
        assertThat(query("SELECT DISTINCT customer_id FROM phones ORDER BY customer_id"))
                .containsExactlyElementsOf(customers.stream().sorted().toList());
        assertThat(query("SELECT count(*) FROM phones")).containsExactly(String.valueOf(phones));
        assertThat(result.stdout()).as(result.describe())
                .contains("mirror:phones in " + POSTGRES.jdbcUrl())
                .contains("checked with: SELECT brand, count(*) AS phones")
                .contains("brand DEMO: " + phones + " rows, " + customers.size() + " customers");
        result.assertNeverPrints(SimulatorOptions.DEFAULT_APP_ID);
    }

    private static List<String> query(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = POSTGRES.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
