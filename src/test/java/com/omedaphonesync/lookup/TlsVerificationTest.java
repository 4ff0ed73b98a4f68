package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.config.Settings;
import com.omedaphonesync.pipeline.Summary;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.TestApp;
import com.omedaphonesync.support.TlsServer;

/**
 * TLS verification stays on for an {@code https} base URL (issue 3, item 7): a server whose certificate no trusted
 * authority signed gets no request, and the id ends as {@code UNREACHABLE} after its attempts. Trusting a private
 * CA is the JVM's business ({@code javax.net.ssl.trustStore}, see docs/operating.md), proven in TlsTrustStoreIT.
 */
class TlsVerificationTest {
    private static TlsServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSelfSignedServer() throws Exception {
        server = TlsServer.start(Path.of("target", "tls", "self-signed"), "ip:127.0.0.1");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void selfSignedServerFailsTheHandshakeAndTheIdIsDeadLetteredAsUnreachable() throws Exception {
        int before = server.requests();
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().recordRequests(true).build(), Map.of(
                        "omeda.base-url", server.baseUrl(),
                        "omeda.retry.max-attempts", "2"))) {
            Summary summary = test.app().enrich(test.idsFile("ids.txt", "12345\n"));

            assertThat(summary.deadLettersByReason()).containsEntry(Reason.UNREACHABLE, 1L);
            assertThat(test.deadLettersOf("12345")).singleElement().satisfies(letter -> {
                assertThat(letter.get("reason").asText()).isEqualTo("UNREACHABLE");
                assertThat(letter.get("attempts").asInt()).isEqualTo(2);
                assertThat(letter.get("httpStatus").isNull()).isTrue();
            });
            assertThat(test.records()).isEmpty();
            assertThat(server.requests()).as("requests past the handshake").isEqualTo(before);
            assertThat(test.simulator().requests()).isEmpty();
        }
    }

    /** Camel Main's own switch to trust every certificate reaches a global SSL context, which Omeda calls ignore. */
    @Test
    void camelMainTrustAllSettingDoesNotReachOmedaCalls() throws Exception {
        int before = server.requests();
        try (TestApp test = TestApp.batch(dir, SimulatorOptions.builder().build(), Map.of(
                        "omeda.base-url", server.baseUrl(),
                        "omeda.retry.max-attempts", "1",
                        "camel.ssl.enabled", "true",
                        "camel.ssl.trust-all-certificates", "true"))) {
            assertThat(test.app().context().getSSLContextParameters()).as("Camel took the setting").isNotNull();

            Summary summary = test.app().enrich(test.idsFile("ids.txt", "12345\n"));

            assertThat(summary.deadLettersByReason()).containsEntry(Reason.UNREACHABLE, 1L);
            assertThat(server.requests()).as("requests past the handshake").isEqualTo(before);
        }
    }

    @Test
    void theHttpComponentKeepsTheJvmTrustAndHostnameVerification() throws Exception {
        Settings settings = Settings.from(TestApp.properties(dir, "https://ows.omedastaging.com", Map.of()));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            HttpComponent component = new OmedaHttpComponent(settings.api(), settings.http(), null, new OmedaCalls());
            context.addComponent("omeda-http", component);

            assertThat(component.getSslContextParameters()).as("no own trust managers").isNull();
            assertThat(component.isUseGlobalSslContextParameters()).isFalse();
            assertThat(context.getSSLContextParameters()).isNull();
            assertThat(component.getX509HostnameVerifier()).isInstanceOf(DefaultHostnameVerifier.class);
        }
    }
}
