package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.support.service.ServiceHelper;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.support.LogCapture;

/** The checkpoint beside a file being read: saved, resumed from, ignored when stale, gone once the file is done. */
class CheckpointsTest {
    @TempDir
    Path dir;

    private final Checkpoints checkpoints = new Checkpoints();

    @AfterEach
    void stop() {
        ServiceHelper.stopService(checkpoints);
    }

    @Test
    void progressIsSavedWhileTheFileIsReadAndResumedFromByTheNextRun() throws IOException {
        Path file = ids("ids.txt", 10);
        ServiceHelper.startService(checkpoints);
        Checkpoint first = checkpoints.open(file);
        assertThat(first.resumeAfter()).as("no checkpoint yet").isZero();
        AtomicLong done = new AtomicLong(4);
        first.follow(done::get, () -> true);

        Path saved = dir.resolve(".checkpoint/ids.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(saved));
        assertThat(Files.readString(saved, StandardCharsets.UTF_8)).contains("ids=4");

        done.set(7);
        checkpoints.close(first);
        assertThat(Files.readString(saved, StandardCharsets.UTF_8)).as("saved when the run ends unfinished")
                .contains("ids=7");

        try (LogCapture log = new LogCapture()) {
            Checkpoint second = checkpoints.open(file);
            assertThat(second.resumeAfter()).isEqualTo(7);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line.message())
                    .isEqualTo("Resuming ids.txt after 7 ids: their outcomes were written by an earlier run"));
        }
    }

    @Test
    void aCheckpointWrittenForAnotherVersionOfTheFileIsIgnoredWithAWarning() throws IOException {
        Path file = ids("changed.txt", 10);
        Checkpoint before = checkpoints.open(file);
        before.follow(() -> 5, () -> true);
        checkpoints.close(before);
        Path saved = dir.resolve(".checkpoint/changed.txt");
        assertThat(saved).exists();

        Files.writeString(file, "1\n2\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        try (LogCapture log = new LogCapture()) {
            assertThat(checkpoints.open(file).resumeAfter()).isZero();
            assertThat(log.lines()).anySatisfy(line -> {
                assertThat(line.level()).isEqualTo(Level.WARN);
                assertThat(line.message()).contains("Ignoring the checkpoint").contains("another version");
            });
        }
        assertThat(saved).as("a stale checkpoint is removed").doesNotExist();
    }

    @Test
    void aCheckpointThatIsNotOneIsIgnoredWithAWarning() throws IOException {
        Path file = ids("garbled.txt", 3);
        Files.createDirectories(dir.resolve(".checkpoint"));
        Files.writeString(dir.resolve(".checkpoint/garbled.txt"), "ids=lots\n", StandardCharsets.UTF_8);
        try (LogCapture log = new LogCapture()) {
            assertThat(checkpoints.open(file).resumeAfter()).isZero();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line.level()).isEqualTo(Level.WARN));
        }
    }

    @Test
    void aFileWithItsFateLeavesNoCheckpointEvenWhenTheRunEndsAfterwards() throws IOException {
        Path file = ids("finished.txt", 10);
        Checkpoint checkpoint = checkpoints.open(file);
        checkpoint.follow(() -> 3, () -> true);
        checkpoint.save();
        Path saved = dir.resolve(".checkpoint/finished.txt");
        assertThat(saved).exists();

        checkpoint.follow(() -> 10, () -> true);
        checkpoints.done(checkpoint);
        checkpoints.close(checkpoint);
        assertThat(saved).doesNotExist();
        checkpoint.save();
        assertThat(saved).as("a late periodic save does not bring it back").doesNotExist();
        assertThat(dir.resolve(".checkpoint")).as("no empty folder left beside the input").doesNotExist();
    }

    private Path ids(String name, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(1000 + i).append('\n');
        }
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
