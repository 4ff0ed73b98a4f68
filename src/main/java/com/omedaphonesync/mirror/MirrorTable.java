package com.omedaphonesync.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.PhoneRecord;

/**
 * Writes answers into one mirror table, a group of customers' answers in one transaction of two statements:
 * <ol>
 * <li>the <em>claim</em>: each customer's row in {@code TABLE_customers} takes the answer's retrievedAt unless it
 * already holds a later one. Its row lock makes two writers of the same customer (two instances, a replayed
 * message) take turns until commit, and it outlives the phones, so that even after an answer with no phones an
 * older answer cannot bring them back. Rows are claimed in key order, so two writers never deadlock;</li>
 * <li>the <em>replacement</em>, for the customers whose claim took: their phones not in the answer are deleted
 * and the answer's phones upserted, keyed by (brand, customer_id, phone_id), all in one statement. Being a
 * statement of its own, it takes a fresh snapshot after the claim's waits, so it sees what the writer before
 * it committed.</li>
 * </ol>
 * Writing the same answer again changes nothing; a failure rolls the whole group back and is thrown.
 */
final class MirrorTable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorTable.class);
    private static final Comparator<CustomerPhones> KEY_ORDER = Comparator.comparing(CustomerPhones::brand)
            .thenComparing(CustomerPhones::customerId);

    private final DataSource dataSource;
    private final String name;
    private final String claim;
    private final String replace;

    MirrorTable(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
        this.claim = claimStatement(MirrorSchema.customersTable(name));
        this.replace = replaceStatement(name);
    }

    /**
     * Creates or checks the tables; see {@link MirrorSchema#prepare}.
     *
     * @throws ConfigException when the tables are not the mirror's, or the database cannot be reached
     */
    void prepare() {
        try (Connection connection = dataSource.getConnection()) {
            MirrorSchema.prepare(connection, name);
        } catch (SQLException e) {
            throw new ConfigException("mirror:" + name + ": cannot create or check the table (" + e.getMessage() + ")",
                    e);
        }
    }

    String name() {
        return name;
    }

    /**
     * Makes each customer's rows equal to its answer's phones, unless a later answer was applied already; all
     * or nothing.
     *
     * @throws SQLException when the database refuses or cannot be reached; nothing of the answers is written then
     */
    void apply(List<CustomerPhones> answers) throws SQLException {
        List<CustomerPhones> customers = newestPerCustomer(answers);
        try (Connection connection = dataSource.getConnection()) {
            try {
                List<CustomerPhones> claimed = claim(connection, customers);
                if (!claimed.isEmpty()) {
                    replace(connection, claimed);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            CustomerPhones first = customers.get(0);
            throw new SQLException("mirror:" + name + ": customer " + first.brand() + "/" + first.customerId()
                    + (customers.size() > 1 ? " and " + (customers.size() - 1) + " more" : "") + " not written ("
                    + e.getMessage() + ")", e.getSQLState(), e);
        }
    }

    /** The answers whose claim took: those not older than what the table holds for their customer. */
    private List<CustomerPhones> claim(Connection connection, List<CustomerPhones> customers) throws SQLException {
        Set<List<String>> taken = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(claim)) {
            statement.setArray(1, connection.createArrayOf("text",
                    customers.stream().map(CustomerPhones::brand).toArray()));
            statement.setArray(2, connection.createArrayOf("text",
                    customers.stream().map(CustomerPhones::customerId).toArray()));
            // PostgreSQL keeps microseconds: the claim is compared at the precision it is stored with
            statement.setArray(3, connection.createArrayOf("text", customers.stream()
                    .map(answer -> answer.retrievedAt().truncatedTo(ChronoUnit.MICROS).toString()).toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    taken.add(List.of(result.getString(1), result.getString(2)));
                }
            }
        }
        return customers.stream().filter(answer -> taken.contains(List.of(answer.brand(), answer.customerId())))
                .toList();
    }

    /** Deletes the claimed customers' phones that are not in their answers, and upserts the rest. */
    private void replace(Connection connection, List<CustomerPhones> claimed) throws SQLException {
        List<PhoneRecord> phones = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (CustomerPhones answer : claimed) {
            List<PhoneRecord> keyed = keyed(answer);
            phones.addAll(keyed);
            kept.add(keyed.stream().map(phone -> phone.phoneId().toString())
                    .collect(Collectors.joining(",", "{", "}")));
        }
        try (PreparedStatement statement = connection.prepareStatement(replace)) {
            int i = 0;
            statement.setArray(++i, connection.createArrayOf("text",
                    claimed.stream().map(CustomerPhones::brand).toArray()));
            statement.setArray(++i, connection.createArrayOf("text",
                    claimed.stream().map(CustomerPhones::customerId).toArray()));
            statement.setArray(++i, connection.createArrayOf("text", kept.toArray()));
            for (Field field : FIELDS) {
                statement.setArray(++i, connection.createArrayOf(field.type(),
                        phones.stream().map(field.value()).toArray()));
            }
            statement.execute();
        }
    }

    /**
     * One answer per customer, in key order: the newest where a group holds two (the older would be ignored
     * anyway, and an upsert cannot touch a row twice).
     */
    private static List<CustomerPhones> newestPerCustomer(List<CustomerPhones> answers) {
        Map<List<String>, CustomerPhones> newest = new LinkedHashMap<>();
        for (CustomerPhones answer : answers) {
            newest.merge(List.of(answer.brand(), answer.customerId()), answer,
                    (a, b) -> a.retrievedAt().isAfter(b.retrievedAt()) ? a : b);
        }
        return newest.values().stream().sorted(KEY_ORDER).toList();
    }

    /**
     * The answer's phones that can be keyed: one per phone id, the first where Omeda repeats one; a phone without
     * an id has no key and is left out, with a warning.
     */
    private static List<PhoneRecord> keyed(CustomerPhones answer) {
        List<PhoneRecord> phones = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (PhoneRecord phone : answer) {
            if (phone.phoneId() == null) {
                LOG.warn("Customer {}/{}: a phone without an Id is not mirrored", answer.brand(), answer.customerId());
            } else if (ids.add(phone.phoneId())) {
                phones.add(phone);
            }
        }
        return phones;
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException brokenConnection) {
            failure.addSuppressed(brokenConnection);
        }
    }

    /** A record field sent as an array of one element per phone, in the order of the statement's unnest. */
    private record Field(String type, Function<PhoneRecord, Object> value) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("bigint", PhoneRecord::phoneId),
            new Field("text", PhoneRecord::customerId),
            new Field("text", PhoneRecord::brand),
            new Field("integer", PhoneRecord::phoneContactType),
            new Field("text", PhoneRecord::phoneContactTypeName),
            new Field("text", PhoneRecord::phoneNumber),
            new Field("text", PhoneRecord::extension),
            new Field("integer", PhoneRecord::statusCode),
            new Field("text", PhoneRecord::statusName),
            new Field("text", PhoneRecord::changedDate),
            new Field("text", PhoneRecord::submissionId),
            new Field("text", PhoneRecord::source),
            new Field("text", PhoneRecord::retrievedAt));

    /**
     * Claims the customers in the order given (key order, so that two writers never deadlock); returns those
     * whose row now holds their answer's retrievedAt.
     */
    private static String claimStatement(String customers) {
        return """
                INSERT INTO %s AS c (brand, customer_id, retrieved_at)
                SELECT brand, customer_id, retrieved_at
                FROM unnest(?::text[], ?::text[], ?::timestamptz[]) WITH ORDINALITY
                    AS answer(brand, customer_id, retrieved_at, n)
                ORDER BY n
                ON CONFLICT (brand, customer_id) DO UPDATE SET retrieved_at = excluded.retrieved_at
                WHERE c.retrieved_at <= excluded.retrieved_at
                RETURNING brand, customer_id
                """.formatted(customers);
    }

    /**
     * Values travel as arrays, one element per claimed customer (with the phone ids to keep) or per phone; dates
     * as the record's ISO text, cast by the database.
     */
    private static String replaceStatement(String table) {
        return """
                WITH claimed AS (
                    SELECT * FROM unnest(?::text[], ?::text[], ?::text[]) AS claimed(brand, customer_id, kept)
                ), vanished AS (
                    DELETE FROM %1$s m USING claimed
                    WHERE m.brand = claimed.brand AND m.customer_id = claimed.customer_id
                    AND m.phone_id <> ALL (claimed.kept::bigint[])
                )
                INSERT INTO %1$s (phone_id, customer_id, brand, phone_contact_type, phone_contact_type_name,
                    phone_number, extension, status_code, status_name, changed_date, submission_id, source,
                    retrieved_at)
                SELECT phone_id, customer_id, brand, phone_contact_type, phone_contact_type_name, phone_number,
                    extension, status_code, status_name, changed_date::timestamp, submission_id, source,
                    retrieved_at::timestamptz
                FROM unnest(?::bigint[], ?::text[], ?::text[], ?::integer[], ?::text[], ?::text[], ?::text[],
                    ?::integer[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    AS phone(phone_id, customer_id, brand, phone_contact_type, phone_contact_type_name,
                        phone_number, extension, status_code, status_name, changed_date, submission_id, source,
                        retrieved_at)
                ON CONFLICT (brand, customer_id, phone_id) DO UPDATE SET
                    phone_contact_type = excluded.phone_contact_type,
                    phone_contact_type_name = excluded.phone_contact_type_name,
                    phone_number = excluded.phone_number,
                    extension = excluded.extension,
                    status_code = excluded.status_code,
                    status_name = excluded.status_name,
                    changed_date = excluded.changed_date,
                    submission_id = excluded.submission_id,
                    source = excluded.source,
                    retrieved_at = excluded.retrieved_at
                """.formatted(table);
    }
}
