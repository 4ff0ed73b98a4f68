package com.omedaphonesync.mirror;

import static com.omedaphonesync.mirror.MirrorFixture.BRAND;
import static com.omedaphonesync.mirror.MirrorFixture.answer;
import static com.omedaphonesync.mirror.MirrorFixture.phoneIds;
import static com.omedaphonesync.mirror.MirrorFixture.phones;
import static com.omedaphonesync.mirror.MirrorFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelExecutionException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.PhoneRecord;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestPostgres;

/** Issue 10: the mirror output against a real PostgreSQL, through Camel as the pipeline sends to it. */
class MirrorOutputTest {
    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private static final Instant T1 = Instant.parse("2026-11-27T19:00:00.123456Z");
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T2.plusSeconds(60);

    @BeforeEach
    void emptyDatabase() {
        POSTGRES.execute("DROP TABLE IF EXISTS phones, phones_customers");
    }

    @Test
    void upsertsEveryFieldOfTheAnswerAsTypedColumns() throws Exception {
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            mirror.send(answer("1001", T1, 10, 11));
            mirror.send(answer("1002", T1, 20));
        }

        List<Map<String, Object>> rows = phones(POSTGRES);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(
                Map.entry("customer_id", "1001"), Map.entry("brand", BRAND), Map.entry("phone_id", 10L),
                Map.entry("phone_contact_type", 200), Map.entry("phone_contact_type_name", "Business Phone"),
                Map.entry("phone_number", "84710"), Map.entry("extension", "12"), Map.entry("status_code", 1),
                Map.entry("status_name", "Primary"),
                Map.entry("changed_date", Timestamp.valueOf(LocalDateTime.of(2015, 3, 8, 21, 23, 34))),
                Map.entry("submission_id", "SUB-1001"), Map.entry("source", "file:ids.txt"),
                Map.entry("retrieved_at", Timestamp.from(Instant.parse("2026-11-27T19:00:00Z"))));
        assertThat(rows.get(1)).containsEntry("phone_id", 11L).containsEntry("extension", null)
                .containsEntry("phone_contact_type", 230);
        assertThat(rows(POSTGRES, "SELECT customer_id, retrieved_at FROM phones_customers ORDER BY customer_id"))
                .extracting(row -> row.get("customer_id")).containsExactly("1001", "1002");
    }

    @Test
    void aPhoneNoLongerInTheAnswerIsDeletedAndAChangedOneUpdated() throws Exception {
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            mirror.send(answer("1001", T1, 10, 11, 12));
            mirror.send(answer("1002", T1, 20));
            mirror.send(answer("1001", T2, "312", 11, 13));
        }

        assertThat(phoneIds(POSTGRES, "1001")).containsExactly(11L, 13L);
        assertThat(rows(POSTGRES, "SELECT phone_number FROM phones WHERE phone_id = 11"))
                .containsExactly(Map.of("phone_number", "31211"));
        assertThat(phoneIds(POSTGRES, "1002")).as("another customer is untouched").containsExactly(20L);
    }

    @Test
    void anAnswerWithNoPhonesEmptiesTheCustomer() throws Exception {
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            mirror.send(answer("1001", T1, 10, 11));
            mirror.send(answer("1002", T1, 20));
            mirror.send(answer("1001", T2));
        }

        assertThat(phoneIds(POSTGRES, "1001")).isEmpty();
        assertThat(phoneIds(POSTGRES, "1002")).containsExactly(20L);
    }

    @Test
    void anOlderAnswerNeverOverwritesANewerOne() throws Exception {
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            mirror.send(answer("1001", T2, "312", 11, 13));
            mirror.send(answer("1001", T1, 10, 11, 12));
            mirror.send(answer("1002", T2));
            mirror.send(answer("1002", T1, 20, 21));
        }

        assertThat(phoneIds(POSTGRES, "1001")).containsExactly(11L, 13L);
        assertThat(rows(POSTGRES, "SELECT phone_number FROM phones WHERE phone_id = 11"))
                .containsExactly(Map.of("phone_number", "31211"));
        assertThat(phoneIds(POSTGRES, "1002")).as("an older answer does not bring back phones a newer one removed")
                .isEmpty();
    }

    @Test
    void replayingAnAnswerChangesNothing() throws Exception {
        List<Map<String, Object>> once;
        List<Map<String, Object>> customersOnce;
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            mirror.send(answer("1001", T1, 10, 11));
            mirror.send(answer("1001", T2, 11, 12));
            once = phones(POSTGRES);
            customersOnce = rows(POSTGRES, "SELECT * FROM phones_customers");

            mirror.send(answer("1001", T2, 11, 12));
            mirror.send(answer("1001", T1, 10, 11));
            mirror.send(answer("1001", T2, 11, 12));
        }

        assertThat(phones(POSTGRES)).isEqualTo(once);
        assertThat(rows(POSTGRES, "SELECT * FROM phones_customers")).isEqualTo(customersOnce)
                .containsExactly(Map.of("brand", BRAND, "customer_id", "1001", "retrieved_at",
                        Timestamp.from(T2)));
    }

    @Test
    void twoInstancesWritingAnswersOfOneCustomerInAnyOrderLeaveTheNewest() throws Exception {
        List<CustomerPhones> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(answer("1001", T1.plusMillis(i), 1000L + i, 1000L + i + 1));
        }
        Collections.shuffle(answers, new Random(7));
        try (MirrorFixture first = MirrorFixture.start(POSTGRES, Map.of());
                MirrorFixture second = MirrorFixture.start(POSTGRES, Map.of())) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < answers.size(); i++) {
                    MirrorFixture instance = i % 2 == 0 ? first : second;
                    CustomerPhones answer = answers.get(i);
                    writes.add(threads.submit(() -> instance.send(answer)));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }

        assertThat(phoneIds(POSTGRES, "1001")).containsExactly(1039L, 1040L);
    }

    @Test
    void anAnswerTheDatabaseRefusesFailsAloneWhateverItIsWrittenWith() throws Exception {
        PhoneRecord good = MirrorFixture.phone("BAD", 1, T1, "8471");
        CustomerPhones refused = new CustomerPhones(BRAND, "BAD", "file:ids.txt", T1, List.of(new PhoneRecord(
                good.customerId(), good.brand(), good.phoneId(), good.phoneContactType(), good.phoneContactTypeName(),
                good.phoneNumber(), good.extension(), good.statusCode(), good.statusName(), "not a date",
                good.submissionId(), good.source(), good.retrievedAt())));
        List<CustomerPhones> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(answer(String.valueOf(2000 + i), T1, i));
        }
        answers.add(15, refused);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> writes = new ArrayList<>();
                for (CustomerPhones answer : answers) {
                    writes.add(threads.submit(() -> {
                        try {
                            mirror.send(answer);
                        } catch (CamelExecutionException e) {
                            failures.add(e.getCause());
                        }
                    }));
                }
                for (Future<?> write : writes) {
                    write.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }

        assertThat(failures).singleElement().asInstanceOf(InstanceOfAssertFactories.THROWABLE)
                .hasMessageContaining("customer TEST/BAD not written");
        assertThat(rows(POSTGRES, "SELECT count(*) AS n FROM phones")).containsExactly(Map.of("n", 30L));
    }

    @Test
    void notFoundDeletesTheCustomerOnlyWhenAskedAndOnlyIfNoNewerAnswerWasApplied() throws Exception {
        try (MirrorFixture keep = MirrorFixture.start(POSTGRES, Map.of())) {
            keep.send(answer("1001", T1, 10, 11));
            keep.send(answer("1002", T2, 20));
            keep.component().notFound(BRAND, "1001", T2);
        }
        assertThat(phoneIds(POSTGRES, "1001")).as("delete-not-found is false by default").containsExactly(10L, 11L);

        try (MirrorFixture delete = MirrorFixture.start(POSTGRES, Map.of("omeda.mirror.delete-not-found", "true"))) {
            delete.component().notFound(BRAND, "1001", T2);
            delete.component().notFound(BRAND, "1002", T1);
            delete.send(answer("1001", T1, 10, 11));
        }
        assertThat(phoneIds(POSTGRES, "1001")).as("deleted, and an older answer does not bring it back").isEmpty();
        assertThat(phoneIds(POSTGRES, "1002")).as("a 404 older than the answer applied").containsExactly(20L);
    }

    @Test
    void aTableOfAnotherShapeIsRefusedAtStart() {
        POSTGRES.execute("CREATE TABLE phones (customer_id text NOT NULL, brand text NOT NULL, phone_id integer,"
                + " phone_number text, PRIMARY KEY (customer_id, phone_id))");

        assertThatThrownBy(() -> MirrorFixture.start(POSTGRES, Map.of()).close())
                .hasRootCauseInstanceOf(ConfigException.class)
                .rootCause().hasMessageContainingAll("mirror:phones: the existing table does not have the mirror's shape",
                        "phones: column phone_id integer NOT NULL, expected phone_id bigint NOT NULL",
                        "phones: column changed_date is missing (expected changed_date timestamp without time zone)",
                        "phones: primary key (customer_id, phone_id), expected (brand, customer_id, phone_id)");
    }

    @Test
    void theTablesItCreatesAreTheOnesItAccepts() throws Exception {
        try (MirrorFixture first = MirrorFixture.start(POSTGRES, Map.of())) {
            first.send(answer("1001", T1, 10));
        }
        try (MirrorFixture again = MirrorFixture.start(POSTGRES, Map.of())) {
            again.send(answer("1001", T2, 11));
        }
        assertThat(phoneIds(POSTGRES, "1001")).containsExactly(11L);
    }

    @Test
    void aWriteWhileTheDatabaseIsDownThrowsAndTheSameAnswerIsWrittenOnceItIsBack() throws Exception {
        try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of())) {
            mirror.send(answer("1001", T1, 10, 11));

            POSTGRES.stop();
            try {
                assertThatThrownBy(() -> mirror.send(answer("1001", T2, 11, 12)))
                        .isInstanceOf(CamelExecutionException.class).cause()
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("mirror:phones: customer TEST/1001 not written");
            } finally {
                POSTGRES.start();
            }

            // as the pipeline retries a held id: the pool replaces the connections the restart broke
            await().atMost(Duration.ofSeconds(60)).ignoreException(CamelExecutionException.class)
                    .until(() -> {
                        mirror.send(answer("1001", T2, 11, 12));
                        return true;
                    });
        }
        assertThat(phoneIds(POSTGRES, "1001")).containsExactly(11L, 12L);
        assertThat(rows(POSTGRES, "SELECT retrieved_at FROM phones_customers")).containsExactly(
                Map.of("retrieved_at", Timestamp.from(T2)));
    }

    @Test
    void aDatabaseThatCannotBeReachedAtStartIsAConfigurationErrorNamingTheKey() {
        String nowhere = "jdbc:postgresql://127.0.0.1:" + FreePort.next() + "/postgres";

        assertThatThrownBy(() -> MirrorFixture.start(POSTGRES, Map.of("omeda.mirror.jdbc-url", nowhere)).close())
                .hasRootCauseInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(configError(e)).isNotNull()
                        .hasMessageStartingWith("omeda.mirror.jdbc-url: cannot connect to " + nowhere + " as postgres"));
    }

    @Test
    void theDatabasePasswordAppearsInNoLogLineAndNoErrorEvenAtTrace() throws Exception {
        String password = "pg-pa55-word-in-no-log";
        List<String> errors = new ArrayList<>();
        Map<String, Level> levels = Map.of("com.zaxxer.hikari", Level.TRACE, "com.omedaphonesync", Level.TRACE,
                "org.apache.camel", Level.TRACE);
        Map<String, Level> before = new HashMap<>();
        levels.keySet().forEach(name -> before.put(name, LogManager.getLogger(name).getLevel()));
        try (LogCapture log = new LogCapture()) {
            Configurator.setLevel(levels);
            try (MirrorFixture mirror = MirrorFixture.start(POSTGRES, Map.of("omeda.mirror.password", password))) {
                mirror.send(answer("1001", T1, 10));
                POSTGRES.stop();
                try {
                    mirror.send(answer("1001", T2, 11));
                } catch (CamelExecutionException e) {
                    errors.add(stackTrace(e));
                } finally {
                    POSTGRES.start();
                }
            }
            try {
                MirrorFixture.start(POSTGRES, Map.of("omeda.mirror.password", password, "omeda.mirror.jdbc-url",
                        "jdbc:postgresql://127.0.0.1:" + FreePort.next() + "/postgres")).close();
            } catch (Exception e) {
                errors.add(stackTrace(e));
            }

            assertThat(log.lines()).as("something was logged at TRACE").hasSizeGreaterThan(10)
                    .noneMatch(line -> line.message().contains(password));
        } finally {
            Configurator.setLevel(before);
        }
        assertThat(errors).hasSize(2).noneMatch(text -> text.contains(password));
    }

    /** The configuration error among the causes, as the command line finds it to exit with 2. */
    private static ConfigException configError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
