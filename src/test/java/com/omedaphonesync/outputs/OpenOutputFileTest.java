package com.omedaphonesync.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * A file output stays open between writes (issue 4, item 4), yet follows the file at its path: a file moved
 * away or deleted between writes, as log rotation does, is succeeded by a new one, and nothing is written into
 * the old one after it left. Stopping the app closes the file.
 */
class OpenOutputFileTest {
    /** Customers of the simulator with two phones each (49+48+48+49 = 194, 194 mod 4 = 2). */
    private static final String FIRST = "1001";
    private static final String SECOND = "1010";
    private static final String THIRD = "1100";

    @TempDir
    Path dir;

    private static List<String> customersIn(Path file) throws IOException {
        return TestApp.jsonLines(file).stream().map(r -> r.get("customerId").asText()).distinct().toList();
    }

    @Test
    void aFileMovedAwayBetweenWritesIsFollowedByANewFileAtItsPath() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of())) {
            Path phones = test.output("phones.jsonl");
            test.app().enrich(test.idsFile("first.txt", FIRST + "\n"));
            Path rotated = phones.resolveSibling("phones.jsonl.1");
            Files.move(phones, rotated);

            test.app().enrich(test.idsFile("second.txt", SECOND + "\n"));

            assertThat(customersIn(rotated)).containsExactly(FIRST);
            assertThat(customersIn(phones)).containsExactly(SECOND);
        }
    }

    @Test
    void aDeletedFileIsCreatedAgainByTheNextWrite() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of())) {
            Path phones = test.output("phones.jsonl");
            test.app().enrich(test.idsFile("first.txt", FIRST + "\n"));
            Files.delete(phones);

            test.app().enrich(test.idsFile("second.txt", SECOND + "\n" + THIRD + "\n"));

            assertThat(customersIn(phones)).containsExactlyInAnyOrder(SECOND, THIRD);
        }
    }

    @Test
    void aNewCsvFileAfterRotationStartsWithTheHeader() throws Exception {
        Path out = dir.resolve("csv");
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.output.format", "csv", "omeda.output.uris", "file:" + out + "?fileName=phones.csv"))) {
            Path phones = out.resolve("phones.csv");
            test.app().enrich(test.idsFile("first.txt", FIRST + "\n"));
            Files.move(phones, out.resolve("phones.csv.1"));

            test.app().enrich(test.idsFile("second.txt", SECOND + "\n"));

            List<String> lines = Files.readAllLines(phones, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo(RecordLines.csvHeader());
            assertThat(lines.get(1)).startsWith(SECOND + ",");
        }
    }

    @Test
    void stoppingTheAppClosesItsOutputFiles() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeThat(Files.isDirectory(fds)).as("a /proc file system lists open files").isTrue();
        Path phones;
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of())) {
            test.app().enrich(test.idsFile("first.txt", FIRST + "\n"));
            phones = test.output("phones.jsonl").toRealPath();
            assertThat(openFiles(fds)).as("open while the app runs").contains(phones);
        }
        assertThat(openFiles(fds)).doesNotContain(phones);
    }

    private static List<Path> openFiles(Path fds) throws IOException {
        try (Stream<Path> links = Files.list(fds)) {
            return links.map(link -> {
                try {
                    return Files.readSymbolicLink(link);
                } catch (IOException closedMeanwhile) {
                    return link;
                }
            }).toList();
        }
    }
}
