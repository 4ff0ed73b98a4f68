package com.omedaphonesync.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.lookup.OmedaCalls;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;

/**
 * An output that is down holds ids: health says so (omeda/outputs DOWN) and metrics count the held ids and failed
 * writes, until a write succeeds again. A scheduled refresh that fails (its ids file missing) shows in health
 * (omeda/sources DOWN) and in metrics, not only in a log line.
 */
class OutputDownHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static HealthCheck.Result health(CamelContext context, String id) {
        return HealthCheckHelper.invokeReadiness(context, "full").stream()
                .filter(r -> "omeda".equals(r.getCheck().getGroup()) && id.equals(r.getCheck().getId()))
                .findFirst().orElseThrow();
    }

    private static double meter(MeterRegistry registry, String name, String tag, String value) {
        return registry.get(name).tag(tag, value).meter().measure().iterator().next().getValue();
    }

    @Test
    void anOutputThatIsDownIsDownInHealthAndCountedUntilAWriteSucceeds() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where the output wants a folder");
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.output.uris", "file:" + blocker.resolve("out") + "?fileName=phones.jsonl"))) {
            MeterRegistry registry = new SimpleMeterRegistry();
            Metrics.bind(registry, test.app().totals(), test.app().gate(), test.app().circuit(), new OmedaCalls(),
                    Set.of("file"));
            assertThat(health(test.app().context(), "outputs").getState()).isEqualTo(HealthCheck.State.UP);

            test.drop("ids.txt", "12345\n");

            await().atMost(WAIT).untilAsserted(() -> {
                HealthCheck.Result outputs = health(test.app().context(), "outputs");
                assertThat(outputs.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(outputs.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("outputs cannot be"));
            });
            assertThat(meter(registry, "omeda.held", "source", "file")).isPositive();
            assertThat(meter(registry, "omeda.write.failures", "channel", "outputs")).isPositive();
            assertThat(meter(registry, "omeda.channel.down", "channel", "outputs")).isEqualTo(1);
            assertThat(meter(registry, "omeda.channel.down", "channel", "dead_letter")).isZero();
            assertThat(test.input().resolve("ids.txt")).as("held: the file stays").exists();

            Files.delete(blocker);

            await().atMost(WAIT).untilAsserted(() -> assertThat(health(test.app().context(), "outputs").getState())
                    .isEqualTo(HealthCheck.State.UP));
            assertThat(meter(registry, "omeda.channel.down", "channel", "outputs")).isZero();
            assertThat(registry.get("omeda.ids").tag("outcome", "enriched").tag("source", "file").functionCounter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("omeda.ids").tag("outcome", "enriched").tag("source", "queue").functionCounter()
                    .count()).isZero();
            // the file's unit ends just after its last write
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    meter(registry, "omeda.source.last.success", "source", "file")).isPositive());
        }
    }

    @Test
    void aRefreshWhoseIdsFileIsMissingIsDownInHealthAndVisibleInMetrics() throws Exception {
        Path idsFile = dir.resolve("refresh-ids.txt");
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().build(), Map.of(
                "omeda.source.file.enabled", "false",
                "omeda.source.timer.enabled", "true",
                "omeda.source.timer.schedule", "1s",
                "omeda.source.timer.ids-file", idsFile.toString()))) {
            MeterRegistry registry = new SimpleMeterRegistry();
            Metrics.bind(registry, test.app().totals(), test.app().gate(), test.app().circuit(), new OmedaCalls(),
                    Set.of("file"));

            await().atMost(WAIT).untilAsserted(() -> {
                HealthCheck.Result sources = health(test.app().context(), "sources");
                assertThat(sources.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(sources.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("timer"));
            });
            assertThat(meter(registry, "omeda.source.failing", "source", "timer")).isEqualTo(1);
            assertThat(meter(registry, "omeda.source.last.failure", "source", "timer")).isPositive();
            assertThat(meter(registry, "omeda.source.last.success", "source", "timer")).isZero();

            Files.writeString(idsFile, "12345\n");

            await().atMost(WAIT).untilAsserted(() -> assertThat(health(test.app().context(), "sources").getState())
                    .isEqualTo(HealthCheck.State.UP));
            assertThat(meter(registry, "omeda.source.failing", "source", "timer")).isZero();
            assertThat(meter(registry, "omeda.source.last.success", "source", "timer")).isPositive();
        }
    }
}
