package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a cluster a file's checkpoint is written only while this instance leads: one that lost the lead leaves the
 * checkpoint where it was, and the next leader resumes from it.
 */
class CheckpointLeadershipTest {
    @TempDir
    Path dir;

    private final Checkpoints oldLeader = new Checkpoints();
    private final Checkpoints newLeader = new Checkpoints();

    @AfterEach
    void stop() {
        ServiceHelper.stopService(oldLeader, newLeader);
    }

    @Test
    void anInstanceThatLostTheLeadWritesNoCheckpointAndTheNextLeaderResumesFromTheLastOne() throws Exception {
        Path file = dir.resolve("ids.txt");
        Files.writeString(file, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", StandardCharsets.UTF_8);
        AtomicBoolean leads = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong(4);
        ServiceHelper.startService(oldLeader, newLeader);

        Checkpoint reading = oldLeader.open(file);
        reading.follow(done::get, leads::get);
        reading.save();
        leads.set(false);
        // had the old leader finished more ids after it lost the lead, none of that would reach the checkpoint
        done.set(9);
        oldLeader.close(reading);
        assertThat(Files.readString(dir.resolve(".checkpoint/ids.txt"), StandardCharsets.UTF_8)).contains("ids=4");

        assertThat(newLeader.open(file).resumeAfter()).isEqualTo(4);
    }
}
