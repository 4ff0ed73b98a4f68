package com.omedaphonesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.support.Unreadable;

/**
 * SPEC.md section 3: built-in defaults &lt; config/application.properties in the working directory &lt; the
 * --config file &lt; environment variables &lt; --key=value, later wins.
 */
class ConfigLoaderTest {
    @TempDir
    Path workDir;

    private void write(String relative, String content) throws IOException {
        Path file = workDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Test
    void withNothingGivenEveryKeyHasItsBuiltInDefaultAndTheRequiredOnesAreAbsent() {
        Properties p = ConfigLoader.load(workDir, null, Map.of(), Map.of());

        assertThat(p.getProperty("omeda.base-url")).isEqualTo("https://ows.omedastaging.com");
        assertThat(p.getProperty("omeda.http.concurrency")).isEqualTo("8");
        assertThat(p.getProperty("omeda.http.rate-limit-per-second")).isEqualTo("0");
        assertThat(p.getProperty("omeda.source.timer.schedule")).isEqualTo("0 0 2 * * ?");
        assertThat(p.getProperty("omeda.output.format")).isEqualTo("jsonl");
        assertThat(p).doesNotContainKeys("omeda.brand", "omeda.app-id");
    }

    @Test
    void eachLayerOverridesTheOnesBeforeIt() throws IOException {
        write("config/application.properties", """
                omeda.brand = FROM_APP_FILE
                omeda.http.concurrency = 2
                omeda.http.rate-limit-per-second = 3
                omeda.retry.max-attempts = 5
                omeda.output.format = csv
                """);
        write("other/override.properties", """
                omeda.brand = FROM_CONFIG_FILE
                omeda.http.rate-limit-per-second = 30
                omeda.retry.max-attempts = 6
                omeda.retry.initial-delay-ms = 7
                """);
        Map<String, String> environment = Map.of(
                "OMEDA_BRAND", "FROM_ENV",
                "OMEDA_RETRY_MAX_ATTEMPTS", "9",
                "OMEDA_RETRY_INITIAL_DELAY_MS", "70",
                "OMEDA_APP_ID", "from-env-app-id",
                "PATH", "/usr/bin");
        Map<String, String> commandLine = Map.of(
                "omeda.brand", "FROM_COMMAND_LINE",
                "omeda.retry.initial-delay-ms", "700");

        Properties p = ConfigLoader.load(workDir, Path.of("other/override.properties"), environment, commandLine);

        assertThat(p.getProperty("omeda.source.file.dir")).as("default").isEqualTo("input");
        assertThat(p.getProperty("omeda.http.concurrency")).as("application.properties over default").isEqualTo("2");
        assertThat(p.getProperty("omeda.output.format")).as("application.properties over default").isEqualTo("csv");
        assertThat(p.getProperty("omeda.http.rate-limit-per-second")).as("--config over application.properties")
                .isEqualTo("30");
        assertThat(p.getProperty("omeda.retry.max-attempts")).as("environment over --config").isEqualTo("9");
        assertThat(p.getProperty("omeda.app-id")).as("environment over nothing").isEqualTo("from-env-app-id");
        assertThat(p.getProperty("omeda.retry.initial-delay-ms")).as("command line over environment")
                .isEqualTo("700");
        assertThat(p.getProperty("omeda.brand")).as("command line over all").isEqualTo("FROM_COMMAND_LINE");
    }

    @Test
    void anEnvironmentVariableIsTheKeyUpperCasedWithDotsAndDashesAsUnderscores() {
        Map<String, String> environment = Map.of(
                "OMEDA_APP_ID", "env-id",
                "OMEDA_HTTP_RATE_LIMIT_PER_SECOND", "12",
                "OMEDA_SOURCE_FILE_ENABLED", "false",
                "OMEDA_DEAD_LETTER_URI", "log:dead",
                "omeda.brand", "NOT_AN_ENV_NAME");

        Properties p = ConfigLoader.load(workDir, null, environment, Map.of());

        assertThat(p.getProperty("omeda.app-id")).isEqualTo("env-id");
        assertThat(p.getProperty("omeda.http.rate-limit-per-second")).isEqualTo("12");
        assertThat(p.getProperty("omeda.source.file.enabled")).isEqualTo("false");
        assertThat(p.getProperty("omeda.dead-letter.uri")).isEqualTo("log:dead");
        assertThat(p).doesNotContainKey("omeda.brand");
    }

    @Test
    void theConfigFileWinsOverApplicationPropertiesAndTheEnvironmentOverBoth() throws IOException {
        write("config/application.properties", "omeda.http.concurrency=2\n");
        write("mine.properties", "omeda.http.concurrency=3\n");

        assertThat(ConfigLoader.load(workDir, Path.of("mine.properties"), Map.of(), Map.of())
                .getProperty("omeda.http.concurrency")).isEqualTo("3");
        assertThat(ConfigLoader.load(workDir, Path.of("mine.properties"), Map.of("OMEDA_HTTP_CONCURRENCY", "4"),
                Map.of()).getProperty("omeda.http.concurrency")).isEqualTo("4");
        assertThat(ConfigLoader.load(workDir, Path.of("mine.properties"), Map.of("OMEDA_HTTP_CONCURRENCY", "4"),
                Map.of("omeda.http.concurrency", "5")).getProperty("omeda.http.concurrency")).isEqualTo("5");
    }

    @Test
    void anAbsoluteConfigFileIsReadWhereItIs(@TempDir Path elsewhere) throws IOException {
        Path file = elsewhere.resolve("absolute.properties");
        Files.writeString(file, "omeda.brand=ABS\n", StandardCharsets.UTF_8);

        assertThat(ConfigLoader.load(workDir, file, Map.of(), Map.of()).getProperty("omeda.brand")).isEqualTo("ABS");
    }

    @Test
    void applicationPropertiesIsReadFromTheWorkingDirectoryOnly() throws IOException {
        write("application.properties", "omeda.brand=WRONG_PLACE\n");

        assertThat(ConfigLoader.load(workDir, null, Map.of(), Map.of())).doesNotContainKey("omeda.brand");
    }

    @Test
    void camelKeysPassThroughTheFiles() throws IOException {
        write("config/application.properties", "camel.main.name=from-file\n");

        assertThat(ConfigLoader.load(workDir, null, Map.of(), Map.of("camel.main.shutdown-timeout", "5")))
                .containsEntry("camel.main.name", "from-file").containsEntry("camel.main.shutdown-timeout", "5");
    }

    @Test
    void valuesReadFromFilesAreTrimmedAndReadAsUtf8() throws IOException {
        write("config/application.properties", "omeda.brand =   FOO   \nomeda.source.file.dir = Eing\u00e4nge\n");

        Properties p = ConfigLoader.load(workDir, null, Map.of(), Map.of());

        assertThat(p.getProperty("omeda.brand")).isEqualTo("FOO");
        assertThat(p.getProperty("omeda.source.file.dir")).isEqualTo("Eing\u00e4nge");
    }

    @Test
    void aMissingConfigFileIsAConfigExceptionNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(workDir, Path.of("nowhere.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nowhere.properties");
    }

    @Test
    void aConfigPathThatIsADirectorySaysSo() throws IOException {
        Files.createDirectories(workDir.resolve("confdir"));

        assertThatThrownBy(() -> ConfigLoader.load(workDir, Path.of("confdir"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("--config confdir: is a directory, not a properties file");
    }

    @Test
    void anUnreadableConfigFileSaysPermissionDenied() throws IOException {
        Unreadable.create(workDir.resolve("secret.properties"), "omeda.brand=FOO\n");

        assertThatThrownBy(() -> ConfigLoader.load(workDir, Path.of("secret.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--config secret.properties: cannot be read, permission denied for this user");
    }

    @Test
    void aLoadedAppIdFromAFileStillNeverShowsInDescribe() throws IOException {
        write("config/application.properties", "omeda.brand=FOO\nomeda.app-id=file-secret-123\n");

        Properties p = ConfigLoader.load(workDir, null, Map.of(), Map.of());

        assertThat(Settings.from(p).api().appId().reveal()).isEqualTo("file-secret-123");
        assertThat(Settings.describe(p)).doesNotContain("file-secret-123");
    }
}
