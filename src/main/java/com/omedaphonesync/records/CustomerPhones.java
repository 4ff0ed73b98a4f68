package com.omedaphonesync.records;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * One customer's answer from Omeda, flattened: the body every output receives, one exchange per customer, so
 * that an output can treat the customer as a whole (a file appends its lines in one write, a database replaces
 * the customer's rows in one transaction). Iterating gives the records in Omeda's order; an empty answer
 * ({@code PhoneNumbers: []}) has no records but is still a customer whose phones are now none.
 *
 * @param retrievedAt when the lookup that produced this answer started: an older answer never overwrites a newer one
 */
public record CustomerPhones(String brand, String customerId, String source, Instant retrievedAt,
        List<PhoneRecord> records) implements Iterable<PhoneRecord> {

    public CustomerPhones {
        records = List.copyOf(records);
    }

    @Override
    public Iterator<PhoneRecord> iterator() {
        return records.iterator();
    }
}
