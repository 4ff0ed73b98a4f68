package com.omedaphonesync.records;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Flattens Omeda's answer into one {@link PhoneRecord} per phone, in Omeda's order. */
public final class PhoneRecords {
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private PhoneRecords() {
    }

    public static List<PhoneRecord> flatten(IdRequest request, OmedaAnswer answer, Instant retrievedAt) {
        String retrieved = instant(retrievedAt);
        return answer.phoneNumbers().stream()
                .map(phone -> new PhoneRecord(
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
                        answer.submissionId(),
                        request.source(),
                        retrieved))
                .toList();
    }

    /** ISO-8601 UTC to the second, e.g. {@code 2026-11-27T19:00:00Z}. */
    public static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
