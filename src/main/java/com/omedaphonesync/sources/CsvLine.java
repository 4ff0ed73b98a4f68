package com.omedaphonesync.sources;

import java.util.ArrayList;
import java.util.List;

/** Splits one line into RFC 4180 fields: quoted fields may hold commas and doubled quotes. */
final class CsvLine {
    private CsvLine() {
    }

    /** The fields of the line, each trimmed. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && !wasQuoted && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
