package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;
import com.omedaphonesync.support.Unreadable;

/**
 * The drop folder as an operator uses it (SPEC.md sections 3 and 5): the real file consumer of the running
 * service, against the simulator, with real files on disk.
 */
class DropFolderTest {
    private static final Duration PICK_UP = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each answer takes a while, so that a file moved to .done/ too early would be caught without its outcomes. */
    @RegisterExtension
    static final TestApp test = TestApp.servicePerClass(
            SimulatorOptions.builder().latencyMillis(150).recordRequests(true).build(), dir -> Map.of());

    @Test
    void droppedFileIsMovedToDoneUnderItsNameOnlyOnceEveryIdHasItsOutcome() throws Exception {
        String content = "# ids\n12345\nNOTFOUND1\nEMPTY1\nFLAKY2d\nnot-an-id!\n12345\n1001\n";
        test.drop("ids-a.txt", content);
        Path done = test.input().resolve(".done").resolve("ids-a.txt");

        await().atMost(PICK_UP).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(done));

        // the moment it is in .done/, every id of it already has its outcome: no waiting from here on
        assertThat(test.recordsOf("12345")).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("file:ids-a.txt"));
        assertThat(test.recordsOf("1001")).hasSize(SimulatedCustomers.phoneCount("1001"));
        assertThat(test.recordsOf("FLAKY2d")).hasSize(SimulatedCustomers.phoneCount("FLAKY2d"));
        assertThat(test.deadLettersOf("NOTFOUND1")).singleElement()
                .satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("NOT_FOUND"))
                .satisfies(d -> assertThat(d.get("source").asText()).isEqualTo("file:ids-a.txt"));
        assertThat(test.deadLettersOf("not-an-id!")).singleElement()
                .satisfies(d -> assertThat(d.get("reason").asText()).isEqualTo("INVALID_ID"));
        assertThat(test.deadLettersOf("EMPTY1")).isEmpty();
        assertThat(test.simulator().requestsFor("12345")).hasSize(1);

        assertThat(test.input().resolve("ids-a.txt")).doesNotExist();
        assertThat(Files.readString(done, StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(test.input().resolve(".error").resolve("ids-a.txt")).doesNotExist();
        JsonNode report = report("file_ids-a.txt");
        assertThat(report.get("idsRead").asLong()).isEqualTo(7);
        assertThat(report.get("duplicatesSkipped").asLong()).isEqualTo(1);
        assertThat(report.get("enriched").asLong()).isEqualTo(4);
        assertThat(report.get("deadLettered").asLong()).isEqualTo(2);
    }

    @Test
    void fileBeingWrittenUnderAHiddenNameIsNotTakenUntilRenamed() throws Exception {
        Files.createDirectories(test.input());
        Path part = test.input().resolve(".x.part");
        Files.writeString(part, "1002\n", StandardCharsets.UTF_8);
        part.toFile().setLastModified(System.currentTimeMillis() - 10_000);
        test.drop("after-part.txt", "2001\n");

        await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done/after-part.txt")));
        assertThat(test.recordsOf("2001")).isNotEmpty();
        // polled as long as the visible file, old enough, and still not taken
        assertThat(part).exists();
        assertThat(test.simulator().requestsFor("1002")).isEmpty();
        assertThat(test.input().resolve(".done/.x.part")).doesNotExist();

        Files.move(part, test.input().resolve("x.txt"));
        await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done/x.txt")));
        assertThat(test.recordsOf("1002")).hasSize(SimulatedCustomers.phoneCount("1002"))
                .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("file:x.txt"));
    }

    @Test
    void unreadableFileMovesToErrorWithAReasonBesideIt() throws Exception {
        Files.createDirectories(test.input());
        Path locked = test.input().resolve("locked.txt");
        String how = Unreadable.create(locked, "2002\n");
        Path error = test.input().resolve(".error");

        await("unreadable file (" + how + ") moved to .error/").atMost(PICK_UP)
                .until(() -> Files.exists(error.resolve("locked.txt.reason"), LinkOption.NOFOLLOW_LINKS));
        assertThat(Files.exists(error.resolve("locked.txt"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.exists(locked, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(test.input().resolve(".done/locked.txt"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(error.resolve("locked.txt.reason"), StandardCharsets.UTF_8))
                .contains("could not be read");
        assertThat(test.records()).noneMatch(r -> r.get("source").asText().equals("file:locked.txt"));
        assertThat(test.deadLetters()).noneMatch(r -> r.get("source").asText().equals("file:locked.txt"));
        // the service goes on: the next file is taken as usual
        test.drop("after-error.txt", "2003\n");
        await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done/after-error.txt")));
    }

    @Test
    void aSecondFileOfTheSameNameDoesNotReplaceTheFirstInDone() throws Exception {
        Path done = test.input().resolve(".done/again.txt");
        test.drop("again.txt", "24680\n");
        await().atMost(PICK_UP).until(() -> Files.exists(done));
        test.drop("again.txt", "13579\n");
        await().atMost(PICK_UP).until(() -> Files.readString(done).equals("13579\n"));

        try (Stream<Path> kept = Files.list(done.getParent())) {
            assertThat(kept.filter(f -> f.getFileName().toString().startsWith("again.txt.")))
                    .singleElement().satisfies(first -> assertThat(first).hasContent("24680"));
        }
    }

    @Test
    void emptyFileHasNoIdsToWaitForAndMovesToDone() throws Exception {
        test.drop("empty.txt", "");
        test.drop("comments-only.txt", "# nothing to refresh today\n");

        await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done/comments-only.txt")));
        await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done/empty.txt")));
        assertThat(test.input().resolve("empty.txt")).doesNotExist();
        assertThat(test.input().resolve(".error/empty.txt")).doesNotExist();
        assertThat(report("file_empty.txt").get("idsRead").asLong()).isZero();
        assertThat(report("file_comments-only.txt").get("idsRead").asLong()).isZero();
    }

    @Test
    void fileStillBeingWrittenIsTakenOnlyOnceItStopsChangingAndNoLateIdIsLost() throws Exception {
        Files.createDirectories(test.input());
        Path growing = test.input().resolve("growing.txt");
        List<String> ids = IntStream.rangeClosed(5001, 5016).mapToObj(String::valueOf).toList();
        // appended well within the two seconds a file must stay unchanged, for longer than two seconds in all
        for (String id : ids) {
            Files.writeString(growing, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Thread.sleep(200);
        }
        long lastAppend = System.nanoTime();

        Path done = test.input().resolve(".done/growing.txt");
        await().atMost(PICK_UP).until(() -> Files.exists(done));
        assertThat(Files.readAllLines(done, StandardCharsets.UTF_8)).containsExactlyElementsOf(ids);
        for (String id : ids) {
            assertThat(test.simulator().requestsFor(id)).as(id).singleElement()
                    .satisfies(r -> assertThat(r.nanoTime()).as("%s asked for after the last append", id)
                            .isGreaterThan(lastAppend));
            assertThat(test.recordsOf(id)).as(id).hasSize(SimulatedCustomers.phoneCount(id))
                    .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("file:growing.txt"));
        }
        assertThat(report("file_growing.txt").get("enriched").asLong()).isEqualTo(ids.size());
    }

    @Test
    void aFileWithAHostileNameIsTakenAndNamedAsItIs() throws Exception {
        String name = "we ird #1 %2F ?x=1&y ${file:name} \u00e9\uD83D\uDE00 " + "n".repeat(150) + ".txt";
        test.drop(name, "5101\nbad id\n");

        await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done").resolve(name)));
        assertThat(test.recordsOf("5101")).hasSize(SimulatedCustomers.phoneCount("5101"))
                .allSatisfy(r -> assertThat(r.get("source").asText()).isEqualTo("file:" + name));
        assertThat(test.deadLettersOf("bad id")).singleElement()
                .satisfies(d -> assertThat(d.get("source").asText()).isEqualTo("file:" + name));
    }

    @Test
    void gigabyteFileWithoutANewlineMovesToDoneWithOneInvalidIdAndNoCall() throws Exception {
        Files.createDirectories(test.input());
        Path staged = test.input().resolve(".huge.txt.part");
        try (RandomAccessFile file = new RandomAccessFile(staged.toFile(), "rw")) {
            file.write("7777".getBytes(StandardCharsets.US_ASCII));
            // sparse: a gigabyte of NUL bytes that costs no disk and no time to write
            file.setLength(1L << 30);
        }
        Path done = test.input().resolve(".done/huge.txt");
        try {
            Files.move(staged, test.input().resolve("huge.txt"));

            await().atMost(PICK_UP).until(() -> Files.exists(done));
            assertThat(test.deadLetters()).filteredOn(l -> l.get("source").asText().equals("file:huge.txt"))
                    .singleElement().satisfies(letter -> {
                        assertThat(letter.get("reason").asText()).isEqualTo("INVALID_ID");
                        assertThat(letter.get("customerId").asText()).isEqualTo("7777" + "\0".repeat(996));
                        assertThat(letter.get("attempts").asInt()).isZero();
                    });
            assertThat(test.simulator().requests()).noneMatch(r -> r.path().contains("7777"));
            assertThat(report("file_huge.txt").get("idsRead").asLong()).isEqualTo(1);
            // the service goes on: the next file is taken as usual
            test.drop("after-huge.txt", "2004\n");
            await().atMost(PICK_UP).until(() -> Files.exists(test.input().resolve(".done/after-huge.txt")));
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(test.input().resolve("huge.txt"));
            Files.deleteIfExists(done);
        }
    }

    private static JsonNode report(String sourceSuffix) throws Exception {
        Path reports = test.dir().resolve("output/reports");
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> matching = files.filter(f -> f.getFileName().toString().endsWith("-" + sourceSuffix + ".json"))
                    .toList();
            assertThat(matching).hasSize(1);
            return JSON.readTree(matching.get(0).toFile());
        }
    }
}
