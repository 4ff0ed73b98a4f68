package com.omedaphonesync.cli;

import static com.omedaphonesync.cli.JarProcess.assertNoFileContains;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * "The app id is never logged" holds under the operator's own log configuration, not only under the packaged
 * one: the jar runs with {@code -Dlog4j2.configurationFile=} a file that sets the root logger to TRACE (console,
 * a file and a JSON file), Camel's tracer on, against answers 200, 404, 503 then 200, 500 twice, and a 403; the right app id from the
 * environment, the wrong one from the command line; nothing it printed
 * or wrote holds the app id.
 */
class SecretUnderTraceLoggingIT extends JarAgainstSimulator {
    private static final Duration BATCH = Duration.ofSeconds(180);

    @Test
    void noLogLevelPrintsTheAppId() throws Exception {
        Path logFile = dir.resolve("user-logs/trace.log");
        Path jsonLogFile = dir.resolve("user-logs/trace.json");
        Path logConfig = Files.writeString(dir.resolve("user-log4j2.properties"), String.join("\n",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d %-5level [%t] %logger %msg%n",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + logFile.toAbsolutePath(),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d %-5level [%t] %logger %msg%n",
                "appender.json.type = File",
                "appender.json.name = json",
                "appender.json.fileName = " + jsonLogFile.toAbsolutePath(),
                "appender.json.layout.type = JsonTemplateLayout",
                "appender.json.layout.eventTemplateUri = classpath:EcsLayout.json",
                "rootLogger.level = TRACE",
                "rootLogger.appenderRef.console.ref = console",
                "rootLogger.appenderRef.file.ref = file",
                "rootLogger.appenderRef.json.ref = json", ""), StandardCharsets.UTF_8);
        String userConfig = "-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath();
        JarProcess jar = JarProcess.in(dir).jvmOption(userConfig).env("OMEDA_APP_ID", APP_ID);
        Files.writeString(jar.workDir().resolve("ids.txt"), "12345\nNOTFOUND1\nFLAKY1a\nHTTP500x\n",
                StandardCharsets.UTF_8);
        String[] common = {"batch", "ids.txt", "--omeda.base-url=" + simulator.baseUrl(), "--omeda.brand=TEST",
            "--omeda.retry.max-attempts=2", "--omeda.retry.initial-delay-ms=10", "--camel.main.tracing=true"};

        JarProcess.Result answered = jar.run(BATCH, common);
        assertThat(answered.exitCode()).as(answered.describe()).isEqualTo(1);
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(log).as("HttpClient really logged at DEBUG and below")
                .contains("org.apache.hc.client5.http.impl.classic.MainClientExec");
        assertThat(log).as("Camel's tracer dumped the exchanges").contains("Exchange[Id: ");
        assertThat(Files.readAllLines(jsonLogFile, StandardCharsets.UTF_8)).as("JSON logs, one event a line")
                .isNotEmpty().allSatisfy(line -> assertThat(JSON.readTree(line).has("@timestamp")).isTrue());

        // the wrong one on the command line, where TRACE logging of the arguments would show it
        JarProcess.Result rejected = JarProcess.in(dir).jvmOption(userConfig).run(BATCH,
                CommandLineIT.concat(common, new String[] {"--omeda.app-id=" + WRONG_APP_ID}));
        assertThat(rejected.exitCode()).as(rejected.describe()).isEqualTo(3);

        for (String secret : new String[] {APP_ID, WRONG_APP_ID}) {
            answered.assertNeverPrints(secret);
            rejected.assertNeverPrints(secret);
            assertNoFileContains(logFile.getParent(), secret);
            assertNoFileContains(jar.workDir(), secret);
        }
    }
}
