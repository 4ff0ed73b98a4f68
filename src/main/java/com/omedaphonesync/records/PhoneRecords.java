package com.omedaphonesync.records;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Flattens one phone of Omeda's answer into one {@link PhoneRecord}. */
public final class PhoneRecords {
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private PhoneRecords() {
    }

    /** One phone of the answer to {@code request}, flattened (SPEC.md section 4). */
    public static PhoneRecord record(IdRequest request, OmedaAnswer.Phone phone, String submissionId,
            Instant retrievedAt) {
        return new PhoneRecord(
                request.customerId(),
                request.brand(),
                phone.id(),
                phone.phoneContactType(),
                PhoneContactTypes.name(phone.phoneContactType()),
                phone.phoneNumber(),
                phone.extension(),
                phone.statusCode(),
                PhoneContactTypes.statusName(phone.statusCode()),
                phone.changedDate() == null ? null : LOCAL_DATE_TIME.format(phone.changedDate()),
                submissionId,
                request.source(),
                instant(retrievedAt));
    }

    /** ISO-8601 UTC to the second, e.g. {@code 2026-11-27T19:00:00Z}. */
    public static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
