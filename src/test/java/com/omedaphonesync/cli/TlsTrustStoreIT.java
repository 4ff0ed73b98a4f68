package com.omedaphonesync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.support.TlsServer;

/**
 * docs/operating.md's way to trust a private CA, with the built jar: the JVM's {@code javax.net.ssl.trustStore}
 * properties. A server whose certificate is in that trust store is called; one whose certificate is trusted but
 * names another host is not, because host name verification stays on.
 */
class TlsTrustStoreIT {
    private static final Duration BATCH = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static JarProcess.Result batchTrusting(JarProcess jar, TlsServer server) throws Exception {
        Files.writeString(jar.workDir().resolve("ids.txt"), "12345\n", StandardCharsets.UTF_8);
        jar.env("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + server.trustStore().toAbsolutePath()
                + " -Djavax.net.ssl.trustStorePassword=" + TlsServer.PASSWORD);
        return jar.run(BATCH, "batch", "ids.txt", "--omeda.base-url=" + server.baseUrl(), "--omeda.brand=TEST",
                "--omeda.app-id=tlsItAppId", "--omeda.retry.max-attempts=2", "--omeda.retry.initial-delay-ms=10");
    }

    @Test
    void aServerCertifiedByTheConfiguredTrustStoreIsCalled() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        try (TlsServer server = TlsServer.start(Path.of("target", "tls", "trusted"), "ip:127.0.0.1")) {
            JarProcess.Result result = batchTrusting(jar, server);

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(Files.readAllLines(jar.workDir().resolve("output/phones.jsonl"))).hasSize(2);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRejected() throws Exception {
        JarProcess jar = JarProcess.in(dir);
        try (TlsServer server = TlsServer.start(Path.of("target", "tls", "other-host"), "dns:other.example")) {
            JarProcess.Result result = batchTrusting(jar, server);

            assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCode.FAILED);
            assertThat(Files.readString(jar.workDir().resolve("output/dead-letter.jsonl")))
                    .contains("\"reason\":\"UNREACHABLE\"");
            assertThat(jar.workDir().resolve("output/phones.jsonl")).satisfiesAnyOf(
                    records -> assertThat(records).doesNotExist(), records -> assertThat(records).isEmptyFile());
            assertThat(server.requests()).as("requests past the handshake").isZero();
        }
    }
}
