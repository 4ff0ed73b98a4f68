package com.omedaphonesync.sources;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.records.Reason;

/**
 * The ids of a dead-letter file to look up again ({@code replay}): each letter of one of the chosen reasons
 * becomes an id with the letter's own brand and source, read lazily. Only the bytes the file held when it was
 * opened are read: the replay's own dead letters, appended to the same file when it is the live one, are not
 * replayed again in the same run. Letters of other reasons, letters without an id (a queue message's) and lines
 * that are not dead letters are counted, not returned.
 */
public final class DeadLetterIds implements Iterator<IdRequest>, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private final Set<Reason> reasons;
    private final Map<Reason, Long> leftOut = new EnumMap<>(Reason.class);
    private long notLetters;
    private IdRequest next;
    private boolean done;

    private DeadLetterIds(BufferedReader in, Set<Reason> reasons) {
        this.in = in;
        this.reasons = reasons;
    }

    /** @throws UnreadableInputException when the file cannot be opened */
    public static DeadLetterIds open(Path file, Set<Reason> reasons) {
        try {
            long size = Files.size(file);
            InputStream bytes = new Bounded(Files.newInputStream(file), size);
            return new DeadLetterIds(new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8)),
                    reasons);
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read the dead letters of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                close();
                throw new UnreadableInputException("cannot read the dead letters: " + e.getMessage(), e);
            }
            if (line == null) {
                close();
            } else if (!line.isBlank()) {
                next = replayable(line);
            }
        }
        return next != null;
    }

    @Override
    public IdRequest next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        IdRequest id = next;
        next = null;
        return id;
    }

    private IdRequest replayable(String line) {
        JsonNode letter;
        Reason reason;
        try {
            letter = JSON.readTree(line);
            reason = Reason.valueOf(letter.path("reason").asText());
        } catch (IOException | IllegalArgumentException notALetter) {
            notLetters++;
            return null;
        }
        String customerId = letter.path("customerId").asText("");
        if (!reasons.contains(reason) || customerId.isEmpty() || letter.path("customerId").isNull()) {
            leftOut.merge(reason, 1L, Long::sum);
            return null;
        }
        return new IdRequest(customerId, letter.path("brand").asText(""), letter.path("source").asText("replay"));
    }

    /** Letters not replayed, by reason: of a reason not chosen, or without a customer id. */
    public Map<Reason, Long> leftOut() {
        return Map.copyOf(leftOut);
    }

    /** Lines that are not dead letters (not JSON, or without a known reason). */
    public long notLetters() {
        return notLetters;
    }

    @Override
    public void close() {
        done = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more is read from it either way
        }
    }

    /** At most {@code left} bytes of the stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
