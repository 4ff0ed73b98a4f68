package com.omedaphonesync.sources;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.records.IdRequest;

/**
 * The one parser behind every source (SPEC.md section 4): reads ids lazily, so that a file of a million
 * lines never sits in memory. Lines are UTF-8 (a BOM tolerated, bad bytes replaced), LF or CRLF; blank
 * lines and {@code #} comments are skipped. A first line naming a {@code customerId}, {@code customer_id}
 * or {@code id} column makes the input CSV with a header (and an optional {@code brand} column); otherwise
 * the first comma-separated field of each line is the id. Input starting with {@code {} or {@code [} is
 * JSON: objects {@code {"customerId": "...", "brand": "..."}}, arrays of them, or bare ids. Memory stays bounded
 * whatever the input: a line is kept up to {@link #MAX_LINE} characters, a JSON value up to {@link #MAX_JSON_VALUE}.
 *
 * <p>Every id is returned as read, valid or not: validation happens downstream, where an invalid one is
 * dead-lettered. Duplicates are returned too; the pipeline skips them.
 */
public final class IdReader implements Iterator<IdRequest>, Closeable {
    /** Characters kept of one line; the rest of a longer line is skipped, so memory stays bounded. */
    static final int MAX_LINE = 65_536;
    /** Characters of an invalid input kept in its dead letter. */
    static final int MAX_ECHO = 1_000;
    /** Characters the parser may read for one JSON value: an id object is tiny, and a huge one is not held. */
    static final int MAX_JSON_VALUE = MAX_LINE;

    private static final List<String> ID_COLUMNS = List.of("customerid", "customer_id", "id");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PEEK = 8_192;

    private final Reader in;
    private final String source;
    private final String defaultBrand;
    private final char[] buffer = new char[PEEK];
    private int position;
    private int limit;
    private boolean firstLine = true;
    private int idColumn = 0;
    private int brandColumn = -1;
    private JsonParser json;
    private BudgetReader jsonBudget;
    private String head;
    private final Queue<IdRequest> pending = new ArrayDeque<>();
    private boolean exhausted;
    /** The bytes start like UTF-16 (its BOM, or NULs between ASCII characters): said in the dead letters. */
    private final boolean looksUtf16;
    /** The line just read was longer than {@link #MAX_LINE}: its end was skipped. */
    private boolean lineCut;

    private IdReader(Reader in, String source, String defaultBrand, boolean looksUtf16) {
        this.in = in;
        this.source = source;
        this.defaultBrand = defaultBrand;
        this.looksUtf16 = looksUtf16;
    }

    public static IdReader of(InputStream bytes, String source, String defaultBrand) {
        BufferedInputStream peekable = new BufferedInputStream(bytes, PEEK);
        boolean utf16;
        try {
            utf16 = looksUtf16(peekable);
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read the ids of " + source + ": " + e.getMessage(), e);
        }
        Reader utf8 = new InputStreamReader(peekable, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        IdReader reader = new IdReader(utf8, source, defaultBrand, utf16);
        reader.start();
        return reader;
    }

    public static IdReader of(Reader text, String source, String defaultBrand) {
        IdReader reader = new IdReader(text, source, defaultBrand, false);
        reader.start();
        return reader;
    }

    /** A UTF-16 byte order mark, or a NUL among the first bytes (no text id file has one in UTF-8). */
    private static boolean looksUtf16(BufferedInputStream bytes) throws IOException {
        bytes.mark(PEEK);
        byte[] head = bytes.readNBytes(PEEK);
        bytes.reset();
        if (head.length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
            return true;
        }
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !exhausted) {
            readMore();
        }
        return !pending.isEmpty();
    }

    @Override
    public IdRequest next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.remove();
    }

    @Override
    public void close() {
        exhausted = true;
        try {
            if (json != null) {
                json.close();
            }
            in.close();
        } catch (IOException ignored) {
            // nothing left to read from it either way
        }
    }

    /** Skips a BOM and decides between lines and JSON from the first visible character. */
    private void start() {
        try {
            fill();
            if (limit > 0 && buffer[0] == '\uFEFF') {
                position = 1;
            }
            int first = position;
            while (first < limit && Character.isWhitespace(buffer[first])) {
                first++;
            }
            if (first < limit && (buffer[first] == '{' || buffer[first] == '[')) {
                // one character more than is kept, so that the cut, not this peek, decides where the echo ends
                head = new String(buffer, first, Math.min(limit - first, MAX_ECHO + 1));
                jsonBudget = new BudgetReader(new PrefixedReader(buffer, first, limit, in), MAX_JSON_VALUE);
                json = JSON.getFactory().createParser(jsonBudget);
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private void readMore() {
        try {
            if (json != null) {
                readJsonValue();
            } else {
                readLineIds();
            }
        } catch (IOException e) {
            close();
            throw unreadable(e);
        }
    }

    private void readLineIds() throws IOException {
        String line = readLine();
        if (line == null) {
            close();
            return;
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        List<String> fields = CsvLine.fields(trimmed);
        if (firstLine) {
            firstLine = false;
            if (isHeader(fields)) {
                return;
            }
        }
        String id = idColumn < fields.size() ? fields.get(idColumn) : "";
        String brand = brandColumn >= 0 && brandColumn < fields.size() ? fields.get(brandColumn) : "";
        IdRequest request = request(id, brand);
        String problem = lineProblem(trimmed);
        pending.add(problem == null ? request
                : new IdRequest(request.customerId(), request.brand(), request.source(), problem));
    }

    /** What the line itself did wrong, beyond the id it gave; only an invalid id's dead letter tells it. */
    private String lineProblem(String line) {
        if (lineCut) {
            return "the line is longer than " + MAX_LINE + " characters; only its start was read";
        }
        if (line.indexOf('\uFFFD') >= 0 || line.indexOf('\u0000') >= 0) {
            return looksUtf16 ? "the line is not valid UTF-8: the file looks like UTF-16, save it as UTF-8"
                    : "the line is not valid UTF-8";
        }
        return null;
    }

    private boolean isHeader(List<String> fields) {
        for (String name : ID_COLUMNS) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).toLowerCase(Locale.ROOT).equals(name)) {
                    idColumn = i;
                    brandColumn = indexOfIgnoreCase(fields, "brand");
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOfIgnoreCase(List<String> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The next value of a JSON input. Malformed JSON, or a value too long to be an id (an object of a million
     * fields would otherwise be built in memory whole), ends the input as one invalid id holding its start.
     */
    private void readJsonValue() throws IOException {
        jsonBudget.renew();
        try {
            JsonToken token = json.nextToken();
            if (token == null) {
                close();
            } else if (token == JsonToken.START_ARRAY || token == JsonToken.END_ARRAY) {
                return;
            } else {
                pending.add(fromJson(json.readValueAsTree()));
            }
        } catch (JsonProcessingException e) {
            endWithInvalidJson();
        } catch (IOException e) {
            if (!jsonBudget.spent()) {
                throw e;
            }
            endWithInvalidJson();
        }
    }

    private void endWithInvalidJson() {
        pending.add(request(head, ""));
        close();
    }

    private IdRequest fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            // a JSON null is no id at all, not the customer named "null"
            return request("", "");
        }
        if (node.isValueNode()) {
            return request(node.asText(), "");
        }
        if (!node.isObject()) {
            return request(node.toString(), "");
        }
        for (String name : ID_COLUMNS) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().toLowerCase(Locale.ROOT).equals(name) && field.getValue().isValueNode()) {
                    // {"customerId": null} keeps the object as read, which is not a valid id
                    String id = field.getValue().isNull() ? node.toString() : field.getValue().asText();
                    return request(id, text(node, "brand"));
                }
            }
        }
        return request(node.toString(), text(node, "brand"));
    }

    private static String text(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name) && field.getValue().isValueNode()
                    && !field.getValue().isNull()) {
                return field.getValue().asText();
            }
        }
        return "";
    }

    private IdRequest request(String id, String brand) {
        String usedBrand = brand == null || brand.isBlank() ? defaultBrand : brand.strip();
        return new IdRequest(cut(id.strip()), cut(usedBrand), source);
    }

    /** At most {@link #MAX_ECHO} characters; a surrogate pair on the cut goes whole, not half (no output has half). */
    private static String cut(String text) {
        if (text.length() <= MAX_ECHO) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO);
    }

    /** The next line without its terminator, at most {@link #MAX_LINE} characters of it; null at the end. */
    private String readLine() throws IOException {
        StringBuilder line = null;
        lineCut = false;
        while (true) {
            if (position == limit) {
                fill();
                if (limit <= 0) {
                    return line == null ? null : line.toString();
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (line == null) {
                line = new StringBuilder(Math.min(position - start, MAX_LINE));
            }
            int room = MAX_LINE - line.length();
            if (position - start > room) {
                lineCut = true;
            }
            line.append(buffer, start, Math.min(room, position - start));
            if (position < limit) {
                position++;
                return line.toString();
            }
        }
    }

    private void fill() throws IOException {
        position = 0;
        limit = 0;
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        limit = Math.max(read, 0);
    }

    private UnreadableInputException unreadable(IOException e) {
        return new UnreadableInputException("cannot read the ids of " + source + ": " + e.getMessage(), e);
    }

    /** Hands out at most so many characters between renewals, then fails: a bound on what one read may hold. */
    private static final class BudgetReader extends Reader {
        private final Reader in;
        private final int budget;
        private int left;
        private boolean spent;

        BudgetReader(Reader in, int budget) {
            this.in = in;
            this.budget = budget;
            this.left = budget;
        }

        void renew() {
            left = budget;
        }

        boolean spent() {
            return spent;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (left <= 0) {
                spent = true;
                throw new IOException("a JSON value longer than " + budget + " characters");
            }
            int n = in.read(target, offset, Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Replays the characters already buffered while peeking, then the rest of the input. */
    private static final class PrefixedReader extends Reader {
        private final char[] prefix;
        private int from;
        private final int to;
        private final Reader rest;

        PrefixedReader(char[] prefix, int from, int to, Reader rest) {
            this.prefix = prefix;
            this.from = from;
            this.to = to;
            this.rest = rest;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (from < to) {
                int n = Math.min(length, to - from);
                System.arraycopy(prefix, from, target, offset, n);
                from += n;
                return n;
            }
            return rest.read(target, offset, length);
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }
}
