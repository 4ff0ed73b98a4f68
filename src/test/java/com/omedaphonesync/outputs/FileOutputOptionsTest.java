package com.omedaphonesync.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.pipeline.UnfinishedException;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * A {@code file:} output is Camel's file producer, used as its component documents: its options are honoured,
 * not silently replaced by the product's own idea of a file.
 */
class FileOutputOptionsTest {
    @TempDir
    Path dir;

    private TestApp batch(String outputUri) throws Exception {
        return TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of("omeda.output.uris", outputUri));
    }

    @Test
    void aCharsetIsTheEncodingOfTheFile() throws Exception {
        try (TestApp test = batch("file:" + dir.resolve("out") + "?fileName=p.jsonl&charset=UTF-16LE")) {
            test.app().enrich(test.idsFile("ids.txt", "12345\n54321\n"));

            List<String> lines = Files.readAllLines(dir.resolve("out/p.jsonl"), StandardCharsets.UTF_16LE);
            assertThat(lines).hasSize(SimulatedCustomers.phoneCount("12345") + SimulatedCustomers.phoneCount("54321"))
                    .allSatisfy(line -> assertThat(line).startsWith("{\"customerId\":"));
        }
    }

    /** Java's UTF-16 would start every customer's lines with a byte-order mark, in the middle of the file. */
    @Test
    void aCharsetThatMarksEveryWriteIsRefusedAtStartNamingIt() {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> batch("file:" + dir.resolve("out") + "?fileName=p.jsonl&charset=UTF-16"));

        assertThat(refused).hasMessageContaining("omeda.output.uris").hasMessageContaining("charset UTF-16")
                .hasMessageContaining("UTF-16LE");
    }

    @Test
    void fileExistFailRefusesToTouchAnExistingFileAndHoldsTheId() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/p.jsonl"), "kept\n");
        try (TestApp test = batch("file:" + dir.resolve("out") + "?fileName=p.jsonl&fileExist=Fail")) {
            UnfinishedException unfinished = catchThrowableOfType(UnfinishedException.class,
                    () -> test.app().enrich(test.idsFile("ids.txt", "12345\n")));

            assertThat(unfinished.summary().held()).isEqualTo(1);
            assertThat(dir.resolve("out/p.jsonl")).hasContent("kept");
        }
    }

    @Test
    void aFileNameExpressionIsEvaluatedOnEachCustomer() throws Exception {
        try (TestApp test = batch("file:" + dir.resolve("out") + "?fileName=phones-${body.brand}.jsonl")) {
            test.app().enrich(test.idsFile("ids.csv", "customerId,brand\n12345,EAST\n54321,WEST\n"));

            assertThat(Files.readAllLines(dir.resolve("out/phones-EAST.jsonl")))
                    .hasSize(SimulatedCustomers.phoneCount("12345")).allMatch(line -> line.contains("\"EAST\""));
            assertThat(Files.readAllLines(dir.resolve("out/phones-WEST.jsonl")))
                    .hasSize(SimulatedCustomers.phoneCount("54321")).allMatch(line -> line.contains("\"WEST\""));
        }
    }
}
