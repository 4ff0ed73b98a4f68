package com.omedaphonesync.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.omedaphonesync.records.Reason;

/**
 * What became of the ids of one unit of work (a file, a message, a timer firing, a batch): every id read is
 * a duplicate skipped, enriched, dead-lettered or held (after a 403, an output that could not be written, or
 * at shutdown). Dead letters are counted for every reason, zeros included. The leading ids of a file resumed
 * from its checkpoint, finished by an earlier run, are not read again: they are counted apart, in
 * {@code idsSkippedOnResume}, and in none of the other counts.
 */
@JsonPropertyOrder({ "source", "inputs", "startedAt", "finishedAt", "idsRead", "idsSkippedOnResume",
        "duplicatesSkipped", "enriched", "recordsWritten", "deadLettered", "deadLettersByReason", "held", "elapsedMillis",
        "idsPerSecond" })
public record Summary(
        String source,
        /** The files read, as given (a batch's files, a dropped file's path); empty for a message or a firing. */
        List<String> inputs,
        /** ISO 8601, UTC, to the millisecond. */
        String startedAt,
        String finishedAt,
        long idsRead,
        long idsSkippedOnResume,
        long duplicatesSkipped,
        long enriched,
        long recordsWritten,
        Map<Reason, Long> deadLettersByReason,
        long held,
        long elapsedMillis) {

    @JsonProperty
    public long deadLettered() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Ids read per second of elapsed time, to one decimal: more digits would only be noise. */
    @JsonProperty
    public double idsPerSecond() {
        double exact = elapsedMillis == 0 ? idsRead : idsRead * 1000.0 / elapsedMillis;
        return Math.round(exact * 10) / 10.0;
    }

    /** True when some id was dead-lettered for a reason other than NOT_FOUND or INVALID_ID. */
    public boolean hasUnexpectedDeadLetters() {
        return deadLettersByReason.entrySet().stream().anyMatch(e -> !e.getKey().isExpected() && e.getValue() > 0);
    }

    /** The sum of several summaries, e.g. of the files of one batch, which read {@code inputs}. */
    public static Summary combine(String source, List<String> inputs, Iterable<Summary> parts, Instant started,
            Instant finished) {
        long read = 0;
        long skipped = 0;
        long duplicates = 0;
        long enriched = 0;
        long records = 0;
        long held = 0;
        Map<Reason, Long> dead = noDeadLetters();
        for (Summary part : parts) {
            read += part.idsRead;
            skipped += part.idsSkippedOnResume;
            duplicates += part.duplicatesSkipped;
            enriched += part.enriched;
            records += part.recordsWritten;
            held += part.held;
            part.deadLettersByReason.forEach((reason, count) -> dead.merge(reason, count, Long::sum));
        }
        return new Summary(source, List.copyOf(inputs), instant(started), instant(finished), read, skipped, duplicates,
                enriched, records, dead, held, Duration.between(started, finished).toMillis());
    }

    static String instant(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A count of zero for every reason: the start of every tally, so that each summary lists them all. */
    static Map<Reason, Long> noDeadLetters() {
        Map<Reason, Long> counts = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            counts.put(reason, 0L);
        }
        return counts;
    }

    /** One line for logs and the console. */
    public String describe() {
        String dead = deadLettersByReason.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s: %d ids read, %d %s skipped, %d enriched (%d records written), "
                + "%d dead-lettered (%s)%s%s in %.1f s, %.1f ids/s", source, idsRead, duplicatesSkipped,
                duplicatesSkipped == 1 ? "duplicate" : "duplicates", enriched,
                recordsWritten, deadLettered(), dead, held > 0 ? ", " + held + " held" : "",
                idsSkippedOnResume > 0 ? ", " + idsSkippedOnResume + " ids skipped on resume (done before)" : "",
                elapsedMillis / 1000.0, idsPerSecond());
    }
}
