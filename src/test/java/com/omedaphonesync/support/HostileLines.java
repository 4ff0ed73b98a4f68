package com.omedaphonesync.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random id files made of what breaks naive parsers and URL builders: path traversal, encoded slashes,
 * query and fragment marks, NUL and other control characters, odd white space, BOMs inside lines, replacement
 * characters, characters outside ASCII, surrogate pairs, CR inside lines, CRLF and LF mixed, and now and then a
 * line longer than the reader keeps. Valid ids are mixed in. {@link #expectedIds} is SPEC.md section 4 for
 * such a file, worked out independently of the product: no line holds a comma, a quote, a brace or a bracket,
 * and no line can be a header, so each kept line is one id.
 */
public final class HostileLines {
    /** The reader keeps this many characters of a line (IdReader.MAX_LINE). */
    public static final int MAX_LINE = 65_536;
    /** A dead letter keeps this many characters of an invalid input (SPEC.md section 4). */
    public static final int MAX_ECHO = 1_000;

    private static final String[] PIECES = { "..", "../", "/", "%2F", "%2f", "%00", "?", "#", "&", "=", ";", ":",
            "@", "+", "\\", "*", "~", "'", "<", ">", "|", "$", "`", " ", "  ", "\t", "\u000B", "\f", "\r", "\u001F",
            "\u0000", "\u007F", "\u00A0", "\u2028", "\uFEFF", "\uFFFD", "\u00E9", "\u4E2D", "\uD83D\uDE00", "a", "Z",
            "0", "9", "7", "x" };
    private static final String ALNUM = "ABCEFGHJKLMNOPQRSTUVWXYZabcefghjklmnopqrstuvwxyz0123456789";

    private final Random random;

    public HostileLines(long seed) {
        this.random = new Random(seed);
    }

    /** One line's content: mostly hostile, sometimes a valid id, now and then far longer than a line may be. */
    public String line() {
        int kind = random.nextInt(100);
        if (kind < 25) {
            return validId();
        }
        if (kind < 27) {
            return piece() + "y".repeat(MAX_LINE + random.nextInt(10_000)) + piece();
        }
        if (kind < 29) {
            // a surrogate pair straddling the cut of a long invalid id
            return "-" + "w".repeat(MAX_ECHO - 2) + "\uD83D\uDE00tail";
        }
        StringBuilder line = new StringBuilder();
        int pieces = 1 + random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            line.append(random.nextInt(4) == 0 ? validId() : piece());
        }
        return line.toString();
    }

    /** Lines joined by LF or CRLF at random, the last one with or without a line end, maybe after a BOM. */
    public String file(List<String> lines) {
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i));
            if (i < lines.size() - 1 || random.nextBoolean()) {
                text.append(random.nextBoolean() ? "\n" : "\r\n");
            }
        }
        return text.toString();
    }

    public List<String> lines(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(line());
        }
        return lines;
    }

    /** SPEC.md section 4 for a file made by {@link #file}: the ids read, in order, repeats included. */
    public static List<String> expectedIds(String file) {
        String text = file.startsWith("\uFEFF") ? file.substring(1) : file;
        List<String> ids = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            String kept = lines[i].substring(0, Math.min(lines[i].length(), MAX_LINE)).strip();
            if (!kept.isEmpty() && !kept.startsWith("#")) {
                ids.add(echo(kept));
            }
        }
        return ids;
    }

    /** The input as a dead letter holds it: trimmed, at most 1,000 characters, no surrogate pair cut in half. */
    public static String echo(String trimmed) {
        if (trimmed.length() <= MAX_ECHO) {
            return trimmed;
        }
        int end = Character.isHighSurrogate(trimmed.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
        return trimmed.substring(0, end);
    }

    private String piece() {
        return PIECES[random.nextInt(PIECES.length)];
    }

    private String validId() {
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 64 : 12);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return id.toString();
    }
}
