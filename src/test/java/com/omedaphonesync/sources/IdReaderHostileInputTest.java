package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.support.HostileLines;

/**
 * The id parser fed seeded random input (issue 3, item 6): whatever the bytes, it returns ids (valid or not) or
 * throws its one documented {@link UnreadableInputException}, and never holds more than a bounded piece of a line
 * or of a JSON value.
 */
class IdReaderHostileInputTest {
    private static final String SOURCE = "file:hostile.txt";
    private static final String BRAND = "FOO";
    /** Bytes that steer random input into the parser's corners: line ends, CSV quoting, comments, JSON, BOM. */
    private static final byte[] SPECIAL = { '\n', '\r', ',', '"', '#', '{', '[', ']', '}', ':', ' ', '\t', 0,
            (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0x80, (byte) 0xFF, (byte) 0xF0, '/', '.', '%',
            '?', 'a', '1' };

    private static List<IdRequest> read(InputStream in) {
        List<IdRequest> ids = new ArrayList<>();
        try (IdReader reader = IdReader.of(in, SOURCE, BRAND)) {
            reader.forEachRemaining(ids::add);
        }
        return ids;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(4_000)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextBoolean() ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Test
    void randomBytesAlwaysGiveBoundedIdsAndNeverAnException() {
        Random random = new Random(11);
        for (int run = 0; run < 2_000; run++) {
            byte[] bytes = randomBytes(random);
            List<IdRequest> ids = read(new ByteArrayInputStream(bytes));

            assertThat(ids.size()).as("run %d", run).isLessThanOrEqualTo(bytes.length + 1);
            for (IdRequest id : ids) {
                assertThat(id.customerId().length()).as("run %d", run).isLessThanOrEqualTo(HostileLines.MAX_ECHO);
                assertThat(id.brand().length()).as("run %d", run).isLessThanOrEqualTo(HostileLines.MAX_ECHO);
                assertThat(id.source()).isEqualTo(SOURCE);
            }
        }
    }

    @Test
    void randomHostileLinesAreReadOneIdALineAsTheSpecSays() {
        HostileLines hostile = new HostileLines(12);
        Random random = new Random(13);
        for (int run = 0; run < 300; run++) {
            String file = hostile.file(hostile.lines(random.nextInt(40)));
            List<IdRequest> ids = read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));

            assertThat(ids).extracting(IdRequest::customerId).as("run %d", run)
                    .containsExactlyElementsOf(HostileLines.expectedIds(file));
            assertThat(ids).as("run %d", run).allMatch(id -> id.brand().equals(BRAND));
        }
    }

    @Test
    void aLongInvalidIdIsCutToAThousandCharactersWithoutSplittingASurrogatePair() {
        String line = "-" + "w".repeat(998) + "\uD83D\uDE00tail";
        List<IdRequest> ids = read(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(ids).singleElement().extracting(IdRequest::customerId).isEqualTo("-" + "w".repeat(998));
    }

    @Test
    void malformedJsonIsEchoedWithoutSplittingASurrogatePair() {
        String input = "[\"" + "v".repeat(997) + "\uD83D\uDE00 and no end";
        List<IdRequest> ids = read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));

        assertThat(ids).singleElement().extracting(IdRequest::customerId).isEqualTo(input.substring(0, 999));
    }

    @Test
    void inputThatFailsWhileBeingReadThrowsOnlyTheDocumentedException() {
        Random random = new Random(14);
        for (int run = 0; run < 200; run++) {
            byte[] bytes = randomBytes(random);
            if (bytes.length > 0) {
                // lines, not JSON: a JSON parser may stop at a syntax error before it reaches the failure
                bytes[0] = 'x';
            }
            int failAt = random.nextInt(bytes.length + 1);
            InputStream failing = new InputStream() {
                private int position;

                @Override
                public int read() throws IOException {
                    if (position == failAt) {
                        throw new IOException("disk gone at byte " + failAt);
                    }
                    return position < bytes.length ? bytes[position++] & 0xff : -1;
                }
            };
            assertThatThrownBy(() -> read(failing)).as("run %d", run)
                    .isInstanceOf(UnreadableInputException.class).hasMessageContaining("disk gone");
        }
    }

    /** An input of {@code head}, then {@code fields} distinct JSON fields of an endless object, made as it is read. */
    private static InputStream hugeJsonObject(String head, long fields) {
        return new InputStream() {
            private long field;
            private byte[] chunk = head.getBytes(StandardCharsets.UTF_8);
            private int position;

            @Override
            public int read() {
                if (position == chunk.length) {
                    if (field == fields) {
                        return -1;
                    }
                    chunk = ("\"field" + field++ + "\": 0, ").getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                }
                return chunk[position++];
            }
        };
    }

    @Test
    void aHugeJsonObjectIsOneInvalidIdReadWithoutHoldingTheObject() {
        String head = "[{\"customerId\": \"1001\"}, {\"customerId\": \"1002\", ";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

        // twenty million fields: about 400 MB of JSON, far more as a tree
        List<IdRequest> ids = read(hugeJsonObject(head, 20_000_000));
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertThat(ids).extracting(IdRequest::customerId).hasSize(2).startsWith("1001");
        assertThat(ids.get(1).customerId()).startsWith(head.strip()).hasSize(HostileLines.MAX_ECHO);
        assertThat(ids.get(1).isValid()).isFalse();
        assertThat(allocated).isLessThan(256L * 1024 * 1024);
    }

    @Test
    void aLongArrayOfSmallJsonObjectsIsReadWhole() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 50_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"customerId\": \"A").append(i).append("\", \"brand\": \"B\"}");
        }
        List<IdRequest> ids = read(new ByteArrayInputStream(json.append("]").toString()
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(ids).hasSize(50_000).allMatch(IdRequest::isValid);
        assertThat(ids.get(49_999).customerId()).isEqualTo("A49999");
    }
}
