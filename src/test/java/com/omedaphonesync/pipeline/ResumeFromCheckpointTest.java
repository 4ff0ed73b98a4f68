package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.sources.Checkpoint;
import com.omedaphonesync.sources.Checkpoints;
import com.omedaphonesync.support.TestApp;

/**
 * A batch file keeps a checkpoint beside it (issue 3, resumable batch): run again after a crash or an unfinished
 * run, it looks up only the ids after the leading ones already done, and the checkpoint goes once it is done.
 */
class ResumeFromCheckpointTest {
    @RegisterExtension
    static final TestApp test = TestApp.batchPerClass(SimulatorOptions.builder().recordRequests(true).build(),
            dir -> Map.of());

    @TempDir
    Path other;

    @Test
    void aFileWithACheckpointIsLookedUpOnlyAfterItsDoneIdsWhoseRepeatsStayDuplicates() throws Exception {
        Path file = test.idsFile("resume.txt", "RSA1\nRSA2\nRSA3\nRSA4\nRSA2\nRSA5\n");
        saveCheckpoint(file, 3);

        Summary summary = test.app().enrich(file);

        assertThat(summary.idsSkippedOnResume()).isEqualTo(3);
        assertThat(summary.idsRead()).as("read in this run").isEqualTo(3);
        assertThat(summary.duplicatesSkipped()).as("RSA2 again, done before the checkpoint").isEqualTo(1);
        assertThat(summary.enriched()).isEqualTo(2);
        assertThat(summary.describe()).contains("3 ids skipped on resume");
        for (String done : new String[] { "RSA1", "RSA2", "RSA3" }) {
            assertThat(test.simulator().requestsFor(done)).as(done + " was done before").isEmpty();
        }
        assertThat(test.simulator().requestsFor("RSA4")).hasSize(1);
        assertThat(test.simulator().requestsFor("RSA5")).hasSize(1);
        assertThat(checkpointOf(file)).as("deleted once every id has its outcome").doesNotExist();
    }

    @Test
    void aFileFinishedWithoutACheckpointLeavesNone() throws Exception {
        Path file = test.idsFile("plain.txt", "RSB1\nRSB2\n");
        Summary summary = test.app().enrich(file);
        assertThat(summary.idsSkippedOnResume()).isZero();
        assertThat(summary.enriched()).isEqualTo(2);
        assertThat(checkpointOf(file)).doesNotExist();
    }

    /** One lookup at a time, so that the ids before the 403 are exactly those done when the batch ends. */
    @Test
    void aBatchThatEndsUnfinishedKeepsACheckpointOfItsLeadingDoneIds() throws Exception {
        try (TestApp rejecting = TestApp.batch(other, SimulatorOptions.builder().build(),
                Map.of("omeda.http.concurrency", "1"))) {
            Path file = rejecting.idsFile("cut.txt", "RSC1\nRSC2\nHTTP403c\nRSC3\n");

            assertThatThrownBy(() -> rejecting.app().enrich(file)).isInstanceOf(UnfinishedException.class);

            assertThat(Files.readString(checkpointOf(file), StandardCharsets.UTF_8)).contains("ids=2");
        }
    }

    private static void saveCheckpoint(Path file, long idsDone) {
        Checkpoints checkpoints = new Checkpoints();
        Checkpoint checkpoint = checkpoints.open(file);
        checkpoint.follow(() -> idsDone, () -> true);
        checkpoints.close(checkpoint);
        assertThat(checkpointOf(file)).exists();
    }

    private static Path checkpointOf(Path file) {
        return file.resolveSibling(".checkpoint").resolve(file.getFileName());
    }
}
