package com.omedaphonesync.records;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of an answer from Omeda's Phone Lookup By Customer Id, success or failure alike. Unknown fields
 * are ignored; {@code PhoneNumbers} is null when the body has none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OmedaAnswer(
        @JsonProperty("Customer") String customer,
        @JsonProperty("PhoneNumbers") List<Phone> phoneNumbers,
        @JsonProperty("SubmissionId") String submissionId,
        @JsonProperty("Errors") List<Error> errors) {

    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(OmedaAnswer.class);

    /** @throws IOException when the body is not one JSON object of this shape */
    public static OmedaAnswer parse(byte[] body) throws IOException {
        return READER.readValue(body);
    }

    /** True when {@code PhoneNumbers} is an array of phone objects. */
    public boolean hasPhoneNumbers() {
        return phoneNumbers != null && phoneNumbers.stream().allMatch(java.util.Objects::nonNull);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Phone(
            @JsonProperty("Id") Long id,
            @JsonProperty("PhoneContactType") Integer phoneContactType,
            @JsonProperty("PhoneNumber") String phoneNumber,
            @JsonProperty("Extension") String extension,
            @JsonProperty("StatusCode") Integer statusCode,
            @JsonProperty("ChangedDate") @JsonDeserialize(using = OmedaDateTime.class) LocalDateTime changedDate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Error(@JsonProperty("Error") String error) {
    }

    /** The texts of {@code Errors[].Error}, empty when there are none. */
    public List<String> errorTexts() {
        if (errors == null) {
            return List.of();
        }
        return errors.stream().filter(e -> e != null && e.error() != null).map(Error::error).toList();
    }

    /** Omeda writes {@code 2015-03-08 21:23:34}; the ISO form with a {@code T} is accepted too. */
    static final class OmedaDateTime extends JsonDeserializer<LocalDateTime> {
        private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .optionalStart().appendLiteral(' ').optionalEnd()
                .optionalStart().appendLiteral('T').optionalEnd()
                .append(DateTimeFormatter.ISO_LOCAL_TIME)
                .toFormatter();

        @Override
        public LocalDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            LocalDateTime usual = usualForm(text);
            if (usual != null) {
                return usual;
            }
            try {
                return LocalDateTime.parse(text.strip(), FORMAT);
            } catch (DateTimeParseException | NullPointerException e) {
                return (LocalDateTime) context.handleWeirdStringValue(LocalDateTime.class, text,
                        "ChangedDate is not yyyy-MM-dd HH:mm:ss");
            }
        }

        /**
         * Omeda's own {@code yyyy-MM-dd HH:mm:ss}, read digit by digit: the general formatter costs more than the
         * rest of the answer. Null for anything else, which the formatter then reads or rejects.
         */
        static LocalDateTime usualForm(String text) {
            if (text == null || text.length() != 19 || text.charAt(4) != '-' || text.charAt(7) != '-'
                    || text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':') {
                return null;
            }
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            if ((year | month | day | hour | minute | second) < 0) {
                return null;
            }
            try {
                return LocalDateTime.of(year, month, day, hour, minute, second);
            } catch (DateTimeException outOfRange) {
                return null;
            }
        }

        /** The number in {@code text[from, to)}, or -1 when a character there is not an ASCII digit. */
        private static int digits(String text, int from, int to) {
            int value = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }
    }
}
