package com.omedaphonesync.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.PhoneRecord;

/**
 * Writes answers into one mirror table. Each answer is one transaction of two round trips (one message holding
 * both statements, then the commit):
 * <ol>
 * <li>the <em>claim</em>: the customer's row in {@code TABLE_customers} takes the answer's retrievedAt unless it
 * already holds a later one. Its row lock makes two writers of the same customer (two instances, a replayed
 * message) take turns until commit, and it outlives the phones, so that even after an answer with no phones an
 * older answer cannot bring them back;</li>
 * <li>the <em>replacement</em>, which runs only when the claim holds this answer's retrievedAt: the customer's
 * phones not in the answer are deleted and the answer's phones upserted, keyed by (brand, customer_id,
 * phone_id), all in one statement. It takes a fresh snapshot after the claim's wait, so it sees what the
 * writer before it committed.</li>
 * </ol>
 * Writing the same answer again changes nothing; a failure rolls the whole answer back and is thrown.
 */
final class MirrorTable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorTable.class);

    private final DataSource dataSource;
    private final String name;
    private final String write;

    MirrorTable(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
        this.write = writeStatement(name, MirrorSchema.customersTable(name));
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
     * Makes the customer's rows equal to the answer's phones, unless a later answer was applied already.
     *
     * @throws SQLException when the database refuses or cannot be reached; nothing of the answer is written then
     */
    void apply(CustomerPhones answer) throws SQLException {
        List<PhoneRecord> phones = keyed(answer);
        // PostgreSQL keeps microseconds: the claim is compared at the precision it is stored with
        OffsetDateTime retrievedAt = answer.retrievedAt().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(write)) {
                int i = 0;
                for (int claimThenCheck = 0; claimThenCheck < 2; claimThenCheck++) {
                    statement.setString(++i, answer.brand());
                    statement.setString(++i, answer.customerId());
                    statement.setObject(++i, retrievedAt);
                }
                for (Field field : FIELDS) {
                    statement.setArray(++i, connection.createArrayOf(field.type(),
                            phones.stream().map(field.value()).toArray()));
                }
                statement.setString(++i, answer.brand());
                statement.setString(++i, answer.customerId());
                statement.execute();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new SQLException("mirror:" + name + ": customer " + answer.brand() + "/" + answer.customerId()
                    + " not written (" + e.getMessage() + ")", e.getSQLState(), e);
        }
    }

    /**
     * The answer's phones that can be keyed: one per phone id, the first where Omeda repeats one (an upsert
     * cannot touch a row twice); a phone without an id has no key and is left out, with a warning.
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
     * The claim and the replacement in one message (the driver sends both statements together). Dates travel as
     * the record's ISO text and are cast by the database.
     */
    private static String writeStatement(String table, String customers) {
        return """
                INSERT INTO %2$s AS c (brand, customer_id, retrieved_at) VALUES (?, ?, ?)
                ON CONFLICT (brand, customer_id) DO UPDATE SET retrieved_at = excluded.retrieved_at
                WHERE c.retrieved_at <= excluded.retrieved_at;
                WITH claimed AS (
                    SELECT FROM %2$s WHERE brand = ? AND customer_id = ? AND retrieved_at = ?
                ), answer AS (
                    SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::integer[], ?::text[], ?::text[],
                        ?::text[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        AS phone(phone_id, customer_id, brand, phone_contact_type, phone_contact_type_name,
                            phone_number, extension, status_code, status_name, changed_date, submission_id, source,
                            retrieved_at)
                ), vanished AS (
                    DELETE FROM %1$s WHERE brand = ? AND customer_id = ?
                    AND phone_id <> ALL (SELECT phone_id FROM answer) AND EXISTS (SELECT FROM claimed)
                )
                INSERT INTO %1$s (phone_id, customer_id, brand, phone_contact_type, phone_contact_type_name,
                    phone_number, extension, status_code, status_name, changed_date, submission_id, source,
                    retrieved_at)
                SELECT phone_id, customer_id, brand, phone_contact_type, phone_contact_type_name, phone_number,
                    extension, status_code, status_name, changed_date::timestamp, submission_id, source,
                    retrieved_at::timestamptz
                FROM answer WHERE EXISTS (SELECT FROM claimed)
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
                """.formatted(table, customers);
    }
}
