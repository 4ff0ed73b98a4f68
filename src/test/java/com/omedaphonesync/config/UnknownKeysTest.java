package com.omedaphonesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.omedaphonesync.support.LogCapture;

/** A misspelt key must not leave its default silently in force. */
class UnknownKeysTest {
    @TempDir
    Path workDir;

    private ConfigException failure(Path configFile, Map<String, String> commandLine) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(workDir, configFile, Map.of(), commandLine));
        assertThat(e).as("a ConfigException").isNotNull();
        return e;
    }

    @Test
    void anUnknownOmedaKeyOnTheCommandLineIsRefusedWithTheNearestKnownOne() {
        ConfigException e = failure(null, Map.of("omeda.http.concurency", "4"));

        assertThat(e).hasMessageContaining("omeda.http.concurency (on the command line) is not a known key")
                .hasMessageContaining("did you mean omeda.http.concurrency?");
    }

    @Test
    void anUnknownOmedaKeyInEitherFileIsRefusedNamingTheFile() throws IOException {
        Files.createDirectories(workDir.resolve("config"));
        Files.writeString(workDir.resolve("config/application.properties"), "omeda.source.timer.enable=true\n",
                StandardCharsets.UTF_8);
        Files.writeString(workDir.resolve("mine.properties"), "omeda.brnad=FOO\n", StandardCharsets.UTF_8);

        ConfigException e = failure(Path.of("mine.properties"), Map.of());

        assertThat(e.getMessage()).contains("Configuration errors:")
                .contains("omeda.source.timer.enable (in config/application.properties) is not a known key; "
                        + "did you mean omeda.source.timer.enabled?")
                .contains("omeda.brnad (in mine.properties) is not a known key; did you mean omeda.brand?");
    }

    @Test
    void aMisspeltKeyHoldingTheAppIdIsNamedButItsValueNeverShown() {
        ConfigException e = failure(null, Map.of("omeda.appid", "secret-value-42"));

        assertThat(e).hasMessageContaining("did you mean omeda.app-id?");
        assertThat(e.getMessage()).doesNotContain("secret-value-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"camel.management.prot", "camel.managment.port"})
    void aMisspeltCamelKeyIsRefusedWithTheNearestCamelKey(String key) {
        ConfigException e = failure(null, Map.of(key, "9999"));

        assertThat(e).hasMessageContaining(key + " (on the command line) is not a known key")
                .hasMessageContaining("did you mean camel.management.port?");
    }

    /** Issue 18: suggested as the docs write Camel's keys, not as Camel's metadata spells them. */
    @Test
    void aMisspeltCamelKeyIsAnsweredWithTheKebabCaseForm() {
        ConfigException e = failure(null, Map.of("camel.main.shutdown-timout", "5"));

        assertThat(e).hasMessageContaining("did you mean camel.main.shutdown-timeout?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"camel.management.port", "camel.management.host", "camel.main.shutdown-timeout",
        "camel.management.health-check-enabled", "camel.main.tracing", "camel.component.jms.concurrent-consumers",
        "camel.beans.myBean", "camel.rest.api-properties.title", "camel.context.name"})
    void camelKeysCamelAcceptsPass(String key) {
        assertThat(ConfigLoader.load(workDir, null, Map.of(), Map.of(key, "1"))).containsEntry(key, "1");
    }

    @Test
    void everyKeyOfTheEnumIsKnownSoAddingAKeyIsOneLine() {
        for (Key key : Key.values()) {
            assertThat(ConfigLoader.load(workDir, null, Map.of(), Map.of(key.property(), "x")))
                    .containsEntry(key.property(), "x");
        }
    }

    @Test
    void anUnknownOmedaEnvironmentVariableIsOnlyAWarningNamingTheNearestKnownOne() {
        try (LogCapture log = new LogCapture()) {
            ConfigLoader.load(workDir, null, Map.of("OMEDA_HTTP_CONCURENCY", "4", "OMEDA_APPID", "secret-value-42",
                    "OMEDA_BRAND", "FOO", "PATH", "/bin"), Map.of());

            assertThat(log.lines()).filteredOn(line -> line.level() == Level.WARN)
                    .extracting(LogCapture.Line::message).containsExactly(
                            "The environment variable OMEDA_APPID is not a configuration key and is ignored; did you "
                                    + "mean OMEDA_APP_ID?",
                            "The environment variable OMEDA_HTTP_CONCURENCY is not a configuration key and is "
                                    + "ignored; did you mean OMEDA_HTTP_CONCURRENCY?");
        }
    }
}
