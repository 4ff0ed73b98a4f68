package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * Every call to Omeda is counted by the status of its answer (retries included), and a call without answer as
 * such, a refused connection too: what {@code omeda_answers_total} and the status page show.
 */
class OmedaCallsTest {
    @TempDir
    Path dir;

    @Test
    void countsEachCallByItsAnswer() throws Exception {
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(),
                Map.of("omeda.retry.max-attempts", "2", "omeda.circuit.failure-threshold", "0"))) {
            test.app().enrich(test.idsFile("ids.txt", "12345\nNOTFOUND9\nHTTP503z\nHTTP429y\n"));

            OmedaCalls calls = test.app().calls();
            assertThat(calls.answers(200)).isEqualTo(1);
            assertThat(calls.answers(404)).isEqualTo(1);
            assertThat(calls.answers(503)).as("both attempts").isEqualTo(2);
            assertThat(calls.answers(429)).isEqualTo(2);
            assertThat(calls.unanswered()).isZero();
            assertThat(calls.calls()).isEqualTo(6);
            assertThat(calls.lastError().status()).isIn(503, 429);
        }
    }

    @Test
    void countsARefusedConnectionAsNoAnswer() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(),
                Map.of("omeda.base-url", "http://127.0.0.1:" + closed, "omeda.retry.max-attempts", "1",
                        "omeda.circuit.failure-threshold", "0"))) {
            test.app().enrich(test.idsFile("ids.txt", "12345\n"));

            OmedaCalls calls = test.app().calls();
            assertThat(calls.unanswered()).isEqualTo(1);
            assertThat(calls.calls()).isEqualTo(1);
            assertThat(calls.lastError().status()).isZero();
            assertThat(calls.lastError().what()).contains("Connection refused");
        }
    }
}
