package com.omedaphonesync.outputs;

import java.util.Locale;

/** How records are written: one JSON object a line, or RFC 4180 CSV with a header once per file. */
public enum Format {
    JSONL, CSV;

    /** @throws IllegalArgumentException for anything but {@code jsonl} or {@code csv} */
    public static Format parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "jsonl" -> JSONL;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("'" + text + "' is not a format: use jsonl or csv");
        };
    }
}
