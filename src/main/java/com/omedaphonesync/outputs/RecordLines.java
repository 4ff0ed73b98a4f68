package com.omedaphonesync.outputs;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.records.PhoneRecord;

/** Turns records and dead letters into text lines (without line terminators), per {@link Format}. */
final class RecordLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordLines() {
    }

    /** One JSON object on one line: Jackson escapes line breaks inside strings. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record always serialises", e);
        }
    }

    static String line(PhoneRecord record, Format format) {
        return format == Format.CSV ? csv(record.values()) : json(record);
    }

    static String csvHeader() {
        return csv(List.copyOf(PhoneRecord.FIELDS));
    }

    /** An RFC 4180 row: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
    private static String csv(List<?> values) {
        return values.stream().map(RecordLines::csvField).collect(Collectors.joining(","));
    }

    private static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
