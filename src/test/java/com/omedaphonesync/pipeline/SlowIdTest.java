package com.omedaphonesync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * Issue 4, item 1: one slow id holds one lookup slot, not the ids behind it. The slow id comes first in the
 * file; the others, read after it, are looked up and written while it is still in flight, so its request is
 * the last the simulator finishes and its records the last lines of the output, in Omeda's order.
 */
class SlowIdTest {
    private static final String SLOW = "SLOW1";
    private static final int OTHERS = 30;
    private static final long SLOW_MILLIS = 5_000;

    @Test
    void othersAreLookedUpAndWrittenWhileASlowIdIsInFlight(@TempDir Path dir) throws Exception {
        List<String> others = IntStream.range(0, OTHERS).mapToObj(i -> String.valueOf(200_000 + i)).toList();
        String ids = SLOW + "\n" + others.stream().collect(Collectors.joining("\n", "", "\n"));
        SimulatorOptions simulator = SimulatorOptions.builder().slowMillis(SLOW_MILLIS).recordRequests(true).build();
        try (TestApp test = TestApp.batch(dir, simulator, Map.of(
                "omeda.http.concurrency", "2", "omeda.http.response-timeout-ms", "30000"))) {

            Summary summary = test.app().enrich(test.idsFile("ids.txt", ids));

            assertThat(summary.enriched()).isEqualTo(OTHERS + 1);
            // every other lookup reached Omeda while the slow one was in flight (before its answer was due), on the
            // other slot: none waited for it, whichever of the two threads the machine ran first
            List<OmedaSimulator.Request> requests = test.simulator().requests();
            assertThat(requests).hasSize(OTHERS + 1);
            long slowAnswered = requests.stream().filter(r -> r.customerId().equals(SLOW)).findFirst().orElseThrow()
                    .nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS);
            assertThat(requests).filteredOn(r -> !r.customerId().equals(SLOW))
                    .allSatisfy(r -> assertThat(r.nanoTime()).isLessThan(slowAnswered));

            List<JsonNode> records = test.records();
            int slowPhones = SimulatedCustomers.phoneCount(SLOW);
            assertThat(slowPhones).isGreaterThan(1);
            List<JsonNode> last = records.subList(records.size() - slowPhones, records.size());
            assertThat(last).allSatisfy(r -> assertThat(r.get("customerId").asText()).isEqualTo(SLOW));
            assertThat(last).extracting(r -> r.get("phoneId").asLong()).isSorted();
            assertThat(records.subList(0, records.size() - slowPhones))
                    .extracting(r -> r.get("customerId").asText()).isSubsetOf(others);
        }
    }
}
