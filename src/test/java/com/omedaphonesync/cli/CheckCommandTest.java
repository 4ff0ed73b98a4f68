package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.LogCapture;

/** {@code check}: configuration, Omeda and the app id, outputs, broker; exit 0 / 1 / 2 / 3; never the app id. */
class CheckCommandTest {
    private static final String WRONG = "wrong-app-id-42";

    @TempDir
    Path dir;
    private OmedaSimulator simulator;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = OmedaSimulator.start(SimulatorOptions.builder().recordRequests(true).build());
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    private int check(String appId, String... more) {
        List<String> args = new ArrayList<>(List.of("check",
                "--omeda.base-url=" + simulator.baseUrl(), "--omeda.brand=TEST", "--omeda.app-id=" + appId,
                "--omeda.output.uris=file:" + dir.resolve("output") + "?fileName=phones.jsonl",
                "--omeda.dead-letter.uri=file:" + dir.resolve("output") + "?fileName=dead-letter.jsonl",
                "--omeda.report.dir=" + dir.resolve("reports")));
        args.addAll(List.of(more));
        return new OmedaPhoneSync(dir, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args.toArray(String[]::new));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void allFineProvesTheAppIdWithOneLookupThroughTheProductsOwnCall() {
        int exit = check(SimulatorOptions.DEFAULT_APP_ID);

        assertThat(exit).as(printed()).isZero();
        assertThat(printed()).contains("OK      configuration", "OK      Omeda: answered HTTP", "app id is accepted",
                "OK      output file:", "OK      dead letters file:", "check: all fine")
                .doesNotContain(SimulatorOptions.DEFAULT_APP_ID);
        assertThat(simulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.appIdAccepted()).as("the app id header, as every lookup sends it").isTrue();
            assertThat(request.brand()).isEqualTo("TEST");
        });
        assertThat(dir.resolve("output")).as("nothing written by a check").doesNotExist();
    }

    @Test
    void aWrongAppIdExitsThreeWithoutPrintingIt() {
        int exit = check(WRONG);

        assertThat(exit).isEqualTo(ExitCode.APP_ID_REJECTED);
        assertThat(printed()).contains("FAILED  Omeda: answered HTTP 403").doesNotContain(WRONG);
    }

    @Test
    void omedaUnreachableExitsOne() throws Exception {
        int exit = check(SimulatorOptions.DEFAULT_APP_ID, "--omeda.base-url=http://127.0.0.1:" + FreePort.next());

        assertThat(exit).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  Omeda: unreachable");
    }

    @Test
    void aDeadLetterFolderThatCannotBeWrittenExitsOne() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");

        int exit = check(SimulatorOptions.DEFAULT_APP_ID,
                "--omeda.dead-letter.uri=file:" + blocker.resolve("dl") + "?fileName=dead-letter.jsonl");

        assertThat(exit).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  dead letters file:", "is not a folder", "check: 1 problem");
    }

    /** Issue 18: the writability probe writes; /proc says writable to root, yet nothing can be created there. */
    @Test
    void anOutputUnderProcExitsOne() {
        int exit = check(SimulatorOptions.DEFAULT_APP_ID,
                "--omeda.output.uris=file:/proc/omeda-phone-sync-check?fileName=phones.jsonl");

        assertThat(exit).as(printed()).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  output file:/proc/omeda-phone-sync-check", "is not writable",
                "check: 1 problem");
    }

    @Test
    void aDropFolderThatCannotBeCreatedExitsOne() {
        int exit = check(SimulatorOptions.DEFAULT_APP_ID, "--omeda.source.file.dir=/proc/omeda-phone-sync-input");

        assertThat(exit).as(printed()).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  drop folder /proc/omeda-phone-sync-input: cannot be created",
                "check: 1 problem");
    }

    @Test
    void aDropFolderThatIsNotAFolderExitsOne() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("input"), "a file, not a folder");

        int exit = check(SimulatorOptions.DEFAULT_APP_ID, "--omeda.source.file.dir=" + notAFolder);

        assertThat(exit).as(printed()).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  drop folder " + notAFolder + ": is not a folder");
    }

    @Test
    void aMissingRefreshIdsFileExitsOneWhenTheTimerIsOn() {
        Path missing = dir.resolve("refresh-ids.txt");

        int exit = check(SimulatorOptions.DEFAULT_APP_ID, "--omeda.source.timer.enabled=true",
                "--omeda.source.timer.ids-file=" + missing);

        assertThat(exit).as(printed()).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  refresh ids file " + missing + ": does not exist");
    }

    /** Issue 18: the report is check's own lines; Camel's start and stop are not mixed into it. */
    @Test
    void camelsInfoLinesStayOutOfTheReport() {
        try (LogCapture log = new LogCapture()) {
            int exit = check(SimulatorOptions.DEFAULT_APP_ID);

            assertThat(exit).as(printed()).isZero();
            assertThat(log.lines()).filteredOn(l -> l.logger().startsWith("org.apache.camel"))
                    .filteredOn(l -> !l.level().isMoreSpecificThan(Level.WARN)).isEmpty();
        }
    }

    @Test
    void anUnreachableBrokerExitsOneWhenTheQueueSourceIsOn() throws Exception {
        int exit = check(SimulatorOptions.DEFAULT_APP_ID, "--omeda.source.queue.enabled=true",
                "--omeda.broker.url=tcp://127.0.0.1:" + FreePort.next());

        assertThat(exit).isEqualTo(ExitCode.FAILED);
        assertThat(printed()).contains("FAILED  broker tcp://127.0.0.1:", "cannot connect");
    }

    @Test
    void aConfigurationErrorExitsTwo() {
        int exit = check(SimulatorOptions.DEFAULT_APP_ID, "--omeda.http.concurrency=none");

        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(simulator.requests()).isEmpty();
    }
}
