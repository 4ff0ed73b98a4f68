package com.omedaphonesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.omedaphonesync.outputs.Format;
import com.omedaphonesync.support.LogCapture;
import com.omedaphonesync.sources.Schedule;

/** SPEC.md section 3: what a bad key reports, and that the app id never shows. */
class SettingsTest {
    private static final String APP_ID = "s3cr3t-APP-id-77";

    @TempDir
    Path workDir;

    /** Defaults plus a brand and an app id, then {@code changes}; a null value removes the key. */
    private Properties properties(Map<String, String> changes) {
        Properties p = ConfigLoader.load(workDir, null, Map.of(), Map.of());
        p.setProperty("omeda.brand", "FOO");
        p.setProperty("omeda.app-id", APP_ID);
        changes.forEach((key, value) -> {
            if (value == null) {
                p.remove(key);
            } else {
                p.setProperty(key, value);
            }
        });
        return p;
    }

    private Properties properties(String key, String value) {
        Properties p = properties(Map.of());
        if (value == null) {
            p.remove(key);
        } else {
            p.setProperty(key, value);
        }
        return p;
    }

    private static ConfigException failure(Properties properties) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Settings.from(properties));
        assertThat(e).as("a ConfigException").isNotNull();
        return e;
    }

    @Test
    void theDefaultsWithABrandAndAnAppIdAreValid() {
        Settings settings = Settings.from(properties(Map.of()));

        assertThat(settings.api().baseUrl()).isEqualTo(URI.create("https://ows.omedastaging.com"));
        assertThat(settings.api().brand()).isEqualTo("FOO");
        assertThat(settings.api().appId().reveal()).isEqualTo(APP_ID);
        assertThat(settings.http().concurrency()).isEqualTo(8);
        assertThat(settings.http().rateLimitPerSecond()).isZero();
        assertThat(settings.http().connectTimeout()).isEqualTo(Duration.ofMillis(5000));
        assertThat(settings.http().responseTimeout()).isEqualTo(Duration.ofMillis(15000));
        assertThat(settings.retry().maxAttempts()).isEqualTo(4);
        assertThat(settings.retry().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.retry().maxDelay()).isEqualTo(Duration.ofMillis(30000));
        assertThat(settings.fileSource().enabled()).isTrue();
        assertThat(settings.fileSource().dir()).isEqualTo(Path.of("input"));
        assertThat(settings.queueSource().enabled()).isFalse();
        assertThat(settings.queueSource().uri()).isEqualTo("jms:queue:omeda.customer-ids");
        assertThat(settings.queueSource().maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(settings.queueSource().maxDeliveries()).isEqualTo(5);
        assertThat(settings.broker().url()).isEqualTo("tcp://localhost:61616");
        assertThat(settings.broker().embedded()).isFalse();
        assertThat(settings.timerSource().enabled()).isFalse();
        assertThat(settings.timerSource().schedule()).isEqualTo(new Schedule.Cron("0 0 2 * * ?"));
        assertThat(settings.timerSource().idsFile()).isEqualTo(Path.of("config/refresh-ids.txt"));
        assertThat(settings.outputs().uris()).containsExactly("file:output?fileName=phones.jsonl");
        assertThat(settings.outputs().format()).isEqualTo(Format.JSONL);
        assertThat(settings.outputs().deadLetterUri()).isEqualTo("file:output?fileName=dead-letter.jsonl");
        assertThat(settings.circuit().failureThreshold()).isEqualTo(10);
        assertThat(settings.circuit().openFor()).isEqualTo(Duration.ofMillis(10000));
    }

    @ParameterizedTest
    @ValueSource(strings = { "omeda.brand", "omeda.app-id" })
    void aMissingRequiredKeyIsAConfigExceptionNamingIt(String key) {
        assertThat(failure(properties(key, null))).hasMessageContaining(key);
    }

    @ParameterizedTest
    @ValueSource(strings = { "omeda.brand", "omeda.app-id" })
    void aBlankRequiredKeyCountsAsMissing(String key) {
        assertThat(failure(properties(key, "   "))).hasMessageContaining(key);
    }

    @Test
    void aMissingKeyMessageSaysHowToSetIt() {
        assertThat(failure(properties("omeda.app-id", null))).hasMessageContaining("OMEDA_APP_ID");
    }

    @Test
    void anArtemisHaPairIsABrokerUrl() {
        Settings settings = Settings.from(properties("omeda.broker.url", "(tcp://a:61616,tcp://b:61616)?ha=true"));

        assertThat(settings.broker().url()).isEqualTo("(tcp://a:61616,tcp://b:61616)?ha=true");
    }

    @Test
    void anEmbeddedBrokerNeedsOneTcpAddress() {
        Properties p = properties("omeda.broker.url", "(tcp://a:61616,tcp://b:61616)?ha=true");
        p.setProperty("omeda.broker.embedded", "true");

        assertThat(failure(p)).hasMessageContaining("omeda.broker.url").hasMessageContaining("one tcp://host:port");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "omeda.brand | FOO BAR",
            "omeda.brand | ../x",
            "omeda.brand | ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456",
            "omeda.base-url | ftp://ows.omeda.com",
            "omeda.base-url | not a url",
            "omeda.base-url | ows.omeda.com",
            "omeda.base-url | https://ows.omeda.com?x=1",
            "omeda.base-url | https://user:pw@ows.omeda.com",
            "omeda.source.file.enabled | yes",
            "omeda.source.queue.enabled | 1",
            "omeda.broker.embedded | on",
            "omeda.source.timer.enabled | maybe",
            "omeda.http.concurrency | eight",
            "omeda.http.concurrency | 0",
            "omeda.http.rate-limit-per-second | -1",
            "omeda.http.connect-timeout-ms | 5s",
            "omeda.http.response-timeout-ms | 0",
            "omeda.retry.max-attempts | 0",
            "omeda.retry.initial-delay-ms | 1.5",
            "omeda.retry.max-delay-ms | 99999999999",
            "omeda.source.timer.schedule | every night",
            "omeda.source.timer.schedule | 0 0 25 * * ?",
            "omeda.output.format | xml",
            "omeda.broker.url | localhost:61616",
            "omeda.output.uris | 'file:a?fileName=x,file:a?fileName=x'",
            "omeda.source.queue.max-message-bytes | 0",
            "omeda.source.queue.max-message-bytes | 16MiB",
            "omeda.source.queue.max-deliveries | 0",
            "omeda.source.queue.max-deliveries | -1",
            "omeda.output.uris | 'file:a?fileName=x,,file:b?fileName=y'",
            "omeda.circuit.failure-threshold | -1",
            "omeda.circuit.failure-threshold | ten",
            "omeda.circuit.open-ms | -5",
            "omeda.circuit.open-ms | 10s" })
    void anInvalidValueIsReportedNamingItsKey(String key, String value) {
        ConfigException e = failure(properties(key, value));

        assertThat(e).hasMessageContaining(key);
        assertThat(e.getMessage()).doesNotContain(APP_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://ows.omeda.com", "https://ows.omeda.com/", "http://127.0.0.1:8089",
            "https://ows.omedastaging.com/base" })
    void httpAndHttpsBaseUrlsAreAcceptedWithoutATrailingSlash(String url) {
        Settings settings = Settings.from(properties("omeda.base-url", url));

        assertThat(settings.api().baseUrl().toString()).isEqualTo(url.replaceAll("/$", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = { "TRUE", "False", " true " })
    void booleansIgnoreCaseAndSurroundingSpace(String value) {
        Settings settings = Settings.from(properties("omeda.source.queue.enabled", value));

        assertThat(settings.queueSource().enabled()).isEqualTo(value.strip().equalsIgnoreCase("true"));
    }

    @Test
    void aCsvFormatAndAPeriodScheduleAreRead() {
        Settings settings = Settings.from(properties(Map.of("omeda.output.format", "CSV",
                "omeda.source.timer.schedule", "15m", "omeda.output.uris", "file:a?fileName=x.csv, log:out")));

        assertThat(settings.outputs().format()).isEqualTo(Format.CSV);
        assertThat(settings.timerSource().schedule()).isEqualTo(new Schedule.Period(Duration.ofMinutes(15)));
        assertThat(settings.outputs().uris()).containsExactly("file:a?fileName=x.csv", "log:out");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "omeda.output.uris     | file:out2               | file:out2?fileName=phones.jsonl",
        "omeda.output.uris     | log:x, file:out2?append=true | file:out2?append=true&fileName=phones.jsonl",
        "omeda.dead-letter.uri | file:dl                 | file:dl?fileName=phones.jsonl"})
    void aFileUriWithoutAFileNameIsReportedWithAnExample(String key, String uris, String example) {
        ConfigException e = failure(properties(key, uris));

        assertThat(e.getMessage()).contains(key + " has '").contains("without a fileName").contains(example)
                .doesNotContain("Exception");
    }

    @Test
    void aCsvFormatWritingAJsonlFileIsAWarning() {
        try (LogCapture log = new LogCapture()) {
            Settings.from(properties(Map.of("omeda.output.format", "csv")));
            Settings.from(properties(Map.of("omeda.output.format", "csv",
                    "omeda.output.uris", "file:o?fileName=phones.csv")));

            assertThat(log.lines()).filteredOn(line -> line.level() == Level.WARN)
                    .extracting(LogCapture.Line::message).containsExactly("omeda.output.format is csv but the output "
                            + "file:output?fileName=phones.jsonl writes a file named phones.jsonl: check "
                            + "omeda.output.format or the file name");
        }
    }

    @Test
    void everyProblemIsReportedInOneMessage() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("omeda.brand", null);
        bad.put("omeda.base-url", "ftp://nowhere");
        bad.put("omeda.http.concurrency", "many");
        bad.put("omeda.source.file.enabled", "yes");
        bad.put("omeda.source.timer.schedule", "whenever");
        bad.put("omeda.output.format", "xml");
        bad.put("omeda.retry.max-attempts", "0");

        ConfigException e = failure(properties(bad));

        assertThat(e.getMessage()).contains(bad.keySet());
        assertThat(e.getMessage().lines().filter(l -> l.strip().startsWith("omeda.")).count())
                .isEqualTo(bad.size());
    }

    @Test
    void aCircuitThresholdOfZeroTurnsTheBreakerOff() {
        Settings settings = Settings.from(properties(Map.of("omeda.circuit.failure-threshold", "0",
                "omeda.circuit.open-ms", "0")));

        assertThat(settings.circuit().failureThreshold()).isZero();
        assertThat(settings.circuit().openFor()).isZero();
    }

    @Test
    void anInitialDelayAboveTheMaxDelayIsReported() {
        ConfigException e = failure(properties(Map.of("omeda.retry.initial-delay-ms", "5000",
                "omeda.retry.max-delay-ms", "1000")));

        assertThat(e).hasMessageContaining("omeda.retry.initial-delay-ms");
    }

    @ParameterizedTest
    @ValueSource(strings = { "has space s3cr3t", "t\u00e4b\u00e9\u00df-s3cr3t", "tab\ts3cr3t", "new\nline" })
    void anInvalidAppIdIsReportedWithoutItsValue(String appId) {
        ConfigException e = failure(properties("omeda.app-id", appId));

        assertThat(e).hasMessageContaining("omeda.app-id");
        assertThat(e.getMessage()).doesNotContain(appId).doesNotContain("s3cr3t");
        assertThat(String.valueOf(e.getCause())).doesNotContain("s3cr3t");
    }

    @Test
    void theAppIdAppearsInNoMessageWhenOtherKeysAreWrong() {
        Map<String, String> bad = new java.util.HashMap<>();
        bad.put("omeda.brand", "no good");
        bad.put("omeda.base-url", "::::");
        bad.put("omeda.http.concurrency", "x");
        bad.put("omeda.output.format", "pdf");
        bad.put("omeda.app-id", APP_ID + " with a space");

        ConfigException e = failure(properties(bad));

        assertThat(e.getMessage()).doesNotContain(APP_ID).contains("omeda.app-id");
    }

    @Test
    void theAppIdPrintsAsAMask() {
        Settings settings = Settings.from(properties(Map.of()));

        assertThat(settings.api().appId()).hasToString("****");
        assertThat(settings.toString()).doesNotContain(APP_ID);
        assertThat(settings.api().toString()).doesNotContain(APP_ID);
    }

    @Test
    void describeListsTheKeysAndMasksTheAppId() {
        String described = Settings.describe(properties(Map.of()));

        assertThat(described).doesNotContain(APP_ID).contains("omeda.app-id=****").contains("omeda.brand=FOO")
                .contains("omeda.http.concurrency=8");
    }

    @Test
    void describeSaysWhenTheAppIdIsNotSet() {
        assertThat(Settings.describe(properties("omeda.app-id", null))).contains("omeda.app-id=(not set)");
    }

    @Test
    void settingsFromPropertiesThatAreAllWrongStillDoNotThrowAnythingButConfigException() {
        Properties nothing = new Properties();

        assertThatThrownBy(() -> Settings.from(nothing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("omeda.brand").hasMessageContaining("omeda.app-id")
                .hasMessageContaining("omeda.base-url");
    }

    @Test
    void everyKeyHasItsSpecEnvironmentVariable() {
        assertThat(List.of(Key.APP_ID.environmentVariable(), Key.HTTP_RATE_LIMIT.environmentVariable(),
                Key.FILE_ENABLED.environmentVariable())).containsExactly("OMEDA_APP_ID",
                        "OMEDA_HTTP_RATE_LIMIT_PER_SECOND", "OMEDA_SOURCE_FILE_ENABLED");
    }

    @Test
    void aMirrorOutputWithoutAJdbcUrlIsAConfigurationErrorNamingTheKey() {
        assertThat(failure(properties("omeda.output.uris", "file:output?fileName=phones.jsonl,mirror:phones")))
                .hasMessageContaining("omeda.mirror.jdbc-url is required by the output 'mirror:phones'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "mirror:Phones", "mirror:phones?x=1", "mirror:1phones", "mirror:" })
    void aMirrorTableNameMustBeAPlainLowerCaseSqlName(String uri) {
        Properties p = properties(Map.of("omeda.output.uris", uri, "omeda.mirror.jdbc-url",
                "jdbc:postgresql://db/sync"));

        assertThat(failure(p)).hasMessageContaining("omeda.output.uris has '" + uri + "': a mirror table name");
    }

    @Test
    void theMirrorKeysAreRead() {
        Settings settings = Settings.from(properties(Map.of("omeda.output.uris", "mirror:phones",
                "omeda.mirror.jdbc-url", "jdbc:postgresql://db:5432/sync", "omeda.mirror.user", "sync",
                "omeda.mirror.password", "pg-s3cret", "omeda.mirror.delete-not-found", "TRUE")));

        assertThat(settings.mirror().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/sync");
        assertThat(settings.mirror().user()).isEqualTo("sync");
        assertThat(settings.mirror().password().reveal()).isEqualTo("pg-s3cret");
        assertThat(settings.mirror().password()).hasToString("****");
        assertThat(settings.mirror().deleteNotFound()).isTrue();
        assertThat(Settings.from(properties(Map.of())).mirror())
                .isEqualTo(new Settings.Mirror(null, null, null, false));
    }

    @Test
    void aJdbcUrlOtherThanPostgresqlIsRefusedWithoutShowingAPasswordInIt() {
        assertThat(failure(properties("omeda.mirror.jdbc-url", "jdbc:mysql://db/sync?password=pg-s3cret")))
                .hasMessageContaining("omeda.mirror.jdbc-url must be a PostgreSQL JDBC URL")
                .message().doesNotContain("pg-s3cret");
    }

    @Test
    void describeMasksTheMirrorPasswordLikeTheAppId() {
        String described = Settings.describe(properties(Map.of("omeda.mirror.password", "pg-s3cret")));

        assertThat(described).doesNotContain("pg-s3cret").contains("omeda.mirror.password=****");
        assertThat(Key.MIRROR_PASSWORD.environmentVariable()).isEqualTo("OMEDA_MIRROR_PASSWORD");
    }

    @ParameterizedTest
    @ValueSource(strings = { "omeda.dead-letter.uri", "omeda.source.queue.uri" })
    void aMirrorTableIsAnOutputOnly(String key) {
        assertThat(failure(properties(Map.of(key, "mirror:phones", "omeda.mirror.jdbc-url", "jdbc:postgresql://db/x"))))
                .hasMessageContaining(key + " cannot be 'mirror:phones': a mirror table is an output");
    }
}
