package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.omedaphonesync.simulator.SimulatedCustomers;
import com.omedaphonesync.simulator.SimulatorOptions;
import com.omedaphonesync.support.FreePort;
import com.omedaphonesync.support.JmsClient;
import com.omedaphonesync.support.TestApp;

/**
 * A broker that wants a user and password: the queue consumer and the sweeper that takes oversize messages off
 * unread both log in with {@code omeda.broker.user} and {@code omeda.broker.password}.
 */
class SecuredBrokerTest {
    private static final String USER = "omeda";
    private static final String PASSWORD = "broker-s3cret";
    private static final int MIB = 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Lets in one user, with every permission; anyone else is refused. */
    private static final class OneUser implements ActiveMQSecurityManager {
        @Override
        public boolean validateUser(String user, String password) {
            return USER.equals(user) && PASSWORD.equals(password);
        }

        @Override
        public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
            return validateUser(user, password);
        }
    }

    @Test
    void theOversizeSweeperLogsInWithTheBrokerCredentialsToo() throws Exception {
        String broker = FreePort.brokerUrl();
        URI address = URI.create(broker);
        EmbeddedActiveMQ secured = new EmbeddedActiveMQ().setSecurityManager(new OneUser())
                .setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(true)
                        .setJMXManagementEnabled(false).setCriticalAnalyzer(false)
                        .addAcceptorConfiguration("tcp", "tcp://" + address.getHost() + ":" + address.getPort()));
        secured.start();
        Map<String, String> overrides = new HashMap<>(TestApp.queueService(broker, Map.of(
                "omeda.source.queue.max-message-bytes", String.valueOf(MIB),
                "omeda.broker.user", USER,
                "omeda.broker.password", PASSWORD)));
        overrides.put("omeda.broker.embedded", "false");
        try (TestApp test = TestApp.service(dir, SimulatorOptions.builder().build(), overrides);
                JmsClient jms = new JmsClient(broker + "?user=" + USER + "&password=" + PASSWORD)) {
            jms.send("omeda.customer-ids", "12345\n".repeat(2 * MIB / 6));
            jms.send("omeda.customer-ids", "1001");

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(test.recordsOf("1001")).hasSize(SimulatedCustomers.phoneCount("1001"));
                assertThat(test.deadLetters()).extracting(d -> d.get("reason").asText())
                        .containsExactly("UNPROCESSABLE_MESSAGE");
            });
            assertThat(test.deadLetters().toString()).doesNotContain(PASSWORD);
        } finally {
            secured.stop();
        }
    }
}
