package com.omedaphonesync.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.logging.log4j.Level;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.PhoneSyncApp;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.simulator.OmedaSimulator;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.support.TestApp;

/** {@code run} probes Omeda and its outputs at start-up: health tells before the first id arrives. */
class StartupProbeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    static HealthCheck.Result health(CamelContext context, String id) {
        return HealthCheckHelper.invokeReadiness(context, "full").stream()
                .filter(r -> "omeda".equals(r.getCheck().getGroup()) && id.equals(r.getCheck().getId()))
                .findFirst().orElseThrow();
    }

    private PhoneSyncApp run(OmedaSimulator simulator, Map<String, String> overrides) throws Exception {
        Properties properties = TestApp.properties(dir, simulator.baseUrl(), overrides);
        properties.setProperty("camel.management.port", String.valueOf(FreePort.next()));
        properties.setProperty("camel.management.host", "127.0.0.1");
        PhoneSyncApp app = new PhoneSyncApp(Settings.from(properties), properties, PhoneSyncApp.Mode.RUN);
        app.start();
        return app;
    }

    @Test
    void aWrongAppIdIsDownBeforeTheFirstId() throws Exception {
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().recordRequests(true).build())) {
            PhoneSyncApp app = run(simulator, Map.of("omeda.app-id", "not-the-app-id"));
            try {
                await().atMost(WAIT).untilAsserted(() -> assertThat(health(app.context(), "start-up-check").getState())
                        .isEqualTo(HealthCheck.State.DOWN));
                assertThat(simulator.requests()).singleElement()
                        .satisfies(r -> assertThat(r.answer()).isEqualTo("403"));
                assertThat(health(app.context(), "start-up-check").getDetails()).containsEntry("Omeda",
                        "APP_ID_REJECTED: answered HTTP 403: the app id is rejected; check omeda.app-id (and that it "
                                + "is enabled for brand TEST)");
                // reported, not acted on: the sources stay, so that each id still gets the 403's own outcome
                assertThat(app.gate().isRejected()).isFalse();
            } finally {
                app.stop();
            }
        }
    }

    /**
     * Issue 18: a drop folder that cannot be created (the service user may not write the install folder) is an
     * ERROR at start-up and keeps the sources DOWN, instead of Camel's lone WARN and health UP.
     */
    @Test
    void aDropFolderThatCannotBeCreatedIsAnErrorAndSourcesAreDownUntilItCan() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        try (LogCapture log = new LogCapture();
                OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().build())) {
            PhoneSyncApp app = run(simulator, Map.of("omeda.source.file.dir", blocker.resolve("input").toString()));
            try {
                await().atMost(WAIT).until(() -> log.lines().stream().anyMatch(l -> l.level() == Level.ERROR
                        && l.message().startsWith("Start-up check: FAILED  drop folder " + blocker.resolve("input"))));
                HealthCheck.Result sources = health(app.context(), "sources");
                assertThat(sources.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(sources.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("drop folder"));

                Files.delete(blocker);

                assertThat(health(app.context(), "sources").getState()).isEqualTo(HealthCheck.State.UP);
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsDownUntilItCan() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        try (OmedaSimulator simulator = OmedaSimulator.start(SimulatorOptions.builder().build())) {
            PhoneSyncApp app = run(simulator, Map.of("omeda.output.uris",
                    "file:" + blocker.resolve("out") + "?fileName=phones.jsonl"));
            try {
                await().atMost(WAIT).untilAsserted(() -> {
                    HealthCheck.Result check = health(app.context(), "start-up-check");
                    assertThat(check.getState()).isEqualTo(HealthCheck.State.DOWN);
                    assertThat(check.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("1 output cannot"));
                    assertThat(check.getDetails().values()).anySatisfy(detail -> assertThat(String.valueOf(detail))
                            .contains("is not a folder"));
                });
                assertThat(health(app.context(), "app-id").getState()).isEqualTo(HealthCheck.State.UP);

                Files.delete(blocker);

                assertThat(health(app.context(), "start-up-check").getState()).isEqualTo(HealthCheck.State.UP);
            } finally {
                app.stop();
            }
        }
    }
}
