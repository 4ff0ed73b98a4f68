package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.support.TestPostgres;

/**
 * Issue 10, "nothing lost, nothing doubled", through the built jar: a drop-folder service writing to a
 * {@code mirror:} table in a real PostgreSQL is SIGKILLed while the run is frozen half-way (a {@link GatingProxy}
 * holds every lookup past the first few hundred), then started again on the same folder. The table must then
 * equal the mirror of the simulator's data row for row: no duplicate, no missing, no stale row. Then Omeda's
 * data changes (the simulator's next generation: phones added, removed, changed, customers gone) and a refresh
 * of the same ids brings the table to the new data. And the database stopped and started again mid-run: the
 * file is held while it is down and completes, exact, once it is back.
 */
class MirrorCrashRestartIT extends JarAgainstSimulator {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(45);
    private static final String BRAND = "MIRROR";
    private static final String FILE = "mirror-ids.txt";
    private static final String REFRESH = "refresh-ids.txt";
    private static final int IDS = 1_500;
    /** Lookups of F ids passed before the gate shuts: enough for a checkpoint, far fewer than the file. */
    private static final int BEFORE_THE_GATE = 300;

    private JarProcess.Running running;

    @BeforeEach
    void emptyDatabase() {
        POSTGRES.execute("DROP TABLE IF EXISTS phones, phones_customers");
    }

    @Test
    void afterASigkillMidRunAndARestartTheTableIsExactlyOmedasDataAndARefreshFollowsItsChanges() throws Exception {
        JarProcess jar = JarProcess.in(dir.resolve("jar"));
        Path drop = Files.createDirectories(dir.resolve("drop"));
        List<String> ids = ids(new Random(10));
        try (GatingProxy omeda = new GatingProxy(simulator.baseUrl(), BEFORE_THE_GATE, 0)) {
            String[] args = args(omeda, drop);
            running = jar.start(args);
            drop(drop, FILE, ids);
            awaitUntil("the run frozen by the gate, with a checkpoint and rows in the table",
                    () -> omeda.isClosed() && JarProcess.checkpoint(drop, FILE) > 0 && rowCount() > 0);
            running.process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(running.process.isAlive()).isFalse();
            long checkpoint = JarProcess.checkpoint(drop, FILE);
            long rowsAtKill = rowCount();
            List<String> expected = omedaRows(ids, 0);
            assertThat(rowsAtKill).as("the kill came half-way").isPositive().isLessThan(expected.size());
            omeda.open();

            running = jar.start(args);
            awaitUntil("the file done after the restart", () -> Files.exists(drop.resolve(".done").resolve(FILE)));
            System.out.printf("mirror SIGKILL: %d of %d rows written at the kill, checkpoint %d of %d ids%n",
                    rowsAtKill, expected.size(), checkpoint, ids.size());
            assertThat(running.stdout()).contains("Resuming " + FILE + " after " + checkpoint + " ids");
            assertThat(tableRows()).as("the table after the restart: Omeda's data, row for row")
                    .containsExactlyElementsOf(expected);

            simulator.generation(1);
            drop(drop, REFRESH, ids);
            awaitUntil("the refresh done", () -> Files.exists(drop.resolve(".done").resolve(REFRESH)));
            List<String> changed = omedaRows(ids, 1);
            assertThat(changed).as("Omeda's data did change").isNotEqualTo(expected);
            assertThat(ids).as("some customers are gone").anyMatch(id -> SimulatedCustomers.gone(id, 1));
            assertThat(tableRows()).as("the table after the refresh: Omeda's new data, row for row")
                    .containsExactlyElementsOf(changed);

            JarProcess.Result stopped = running.terminate(STOP);
            stopped.assertNeverPrints(APP_ID);
        } finally {
            simulator.generation(0);
            if (running != null) {
                running.close();
            }
        }
    }

    /**
     * The database stopped while the file is frozen half-way, then the gate opened: the ids looked up from then
     * on cannot be written, so the file stays in the drop folder; once the database is back the retried file
     * completes and the table is exact.
     */
    @Test
    void aDatabaseStoppedMidRunHoldsTheFileAndOnceItIsBackTheFileCompletesAndTheTableIsExact() throws Exception {
        JarProcess jar = JarProcess.in(dir.resolve("jar"));
        Path drop = Files.createDirectories(dir.resolve("drop"));
        List<String> ids = ids(new Random(20));
        try (GatingProxy omeda = new GatingProxy(simulator.baseUrl(), BEFORE_THE_GATE, 0)) {
            running = jar.start(args(omeda, drop));
            drop(drop, FILE, ids);
            awaitUntil("the run frozen by the gate, with rows in the table",
                    () -> omeda.isClosed() && rowCount() > 0);
            try {
                POSTGRES.stop();
                omeda.open();
                awaitUntil("the file held while the database is down",
                        () -> running.stdout().contains(FILE + " stays in the drop folder"));
                assertThat(drop.resolve(FILE)).as("the file stays").exists();
                assertThat(drop.resolve(".done").resolve(FILE)).doesNotExist();
            } finally {
                POSTGRES.start();
            }
            awaitUntil("the file done once the database is back",
                    () -> Files.exists(drop.resolve(".done").resolve(FILE)));
            assertThat(tableRows()).as("the table: Omeda's data, row for row").containsExactlyElementsOf(
                    omedaRows(ids, 0));
            JarProcess.Result stopped = running.terminate(STOP);
            stopped.assertNeverPrints(APP_ID);
        } finally {
            if (running != null) {
                running.close();
            }
        }
    }

    private static String[] args(GatingProxy omeda, Path drop) throws IOException {
        return new String[] { "run", "--omeda.base-url=" + omeda.baseUrl(), "--omeda.brand=" + BRAND,
            "--omeda.app-id=" + APP_ID, "--omeda.source.file.dir=" + drop, "--omeda.output.uris=mirror:phones",
            "--omeda.mirror.jdbc-url=" + POSTGRES.jdbcUrl(), "--omeda.mirror.user=" + TestPostgres.USER,
            "--omeda.mirror.delete-not-found=true", "--camel.management.port=" + JarProcess.freePort() };
    }

    /** Plain ids (all through the gate, as they start with F), every tenth one unknown to Omeda. */
    private static List<String> ids(Random random) {
        List<String> ids = new ArrayList<>(IDS);
        for (int n = 0; ids.size() < IDS; n++) {
            String id = "F" + n + "r" + random.nextInt(1_000_000);
            ids.add(n % 10 == 9 ? "NOTFOUND" + id : id);
        }
        return ids;
    }

    private static void drop(Path drop, String name, List<String> ids) throws IOException {
        Path staged = drop.resolve("." + name);
        Files.writeString(staged, String.join("\n", ids) + "\n", StandardCharsets.UTF_8);
        Files.move(staged, drop.resolve(name));
    }

    /** Every phone Omeda holds for the ids in that generation, as the rows of the table, in key order. */
    private static List<String> omedaRows(List<String> ids, int generation) {
        List<String> rows = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith("NOTFOUND") || SimulatedCustomers.gone(id, generation)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> phones = (List<Map<String, Object>>) SimulatedCustomers
                    .answer(simulator.baseUrl(), BRAND, id, generation).get("PhoneNumbers");
            for (Map<String, Object> phone : phones) {
                rows.add(row(BRAND, id, ((Number) phone.get("Id")).longValue(), phone.get("PhoneContactType"),
                        phone.get("PhoneNumber"), phone.get("Extension"), phone.get("StatusCode"),
                        phone.get("ChangedDate")));
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String row(Object... columns) {
        List<String> text = new ArrayList<>();
        for (Object column : columns) {
            text.add(String.valueOf(column));
        }
        return String.join("|", text);
    }

    /** Every row of the mirror, in the same form and order as {@link #omedaRows}; a duplicate would show twice. */
    private static List<String> tableRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = POSTGRES.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT brand, customer_id, phone_id, phone_contact_type,"
                        + " phone_number, extension, status_code,"
                        + " to_char(changed_date, 'YYYY-MM-DD HH24:MI:SS') FROM phones")) {
            while (result.next()) {
                rows.add(row(result.getString(1), result.getString(2), result.getLong(3), result.getObject(4),
                        result.getString(5), result.getString(6), result.getObject(7), result.getString(8)));
            }
        }
        rows.sort(null);
        return rows;
    }

    private static long rowCount() throws SQLException {
        try (Connection connection = POSTGRES.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM phones")) {
            result.next();
            return result.getLong(1);
        }
    }

    private void awaitUntil(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .failFast("the process ended", () -> !running.process.isAlive())
                    .until(condition);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + running.output(), e);
        }
    }
}
