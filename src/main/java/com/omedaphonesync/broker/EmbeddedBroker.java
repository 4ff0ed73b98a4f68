package com.omedaphonesync.broker;

import java.net.URI;
import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ActiveMQ Artemis broker in this JVM ({@code omeda.broker.embedded=true}): a real TCP acceptor at
 * {@code omeda.broker.url} and a persistent journal under {@code omeda.broker.data-dir}, so queued ids survive
 * a restart. A rolled-back message is redelivered after 1 s, 2 s, 4 s… (at most a minute), without limit: an
 * output that stays down must not make the broker give up on the messages waiting for it. The service itself
 * bounds the deliveries of a message that can never be processed ({@code omeda.source.queue.max-deliveries}) and
 * dead-letters it in its own dead-letter channel; the {@code DLQ} address remains for expired messages and for
 * queues given a limit of their own.
 */
public final class EmbeddedBroker extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Unlimited: see the class comment. */
    static final int MAX_DELIVERY_ATTEMPTS = -1;

    private final URI url;
    private final Path dataDir;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(URI url, Path dataDir) {
        this.url = url;
        this.dataDir = dataDir;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("omeda-phone-sync")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                // a full disk or a slow one must not stop the broker on a small CI machine
                .setMaxDiskUsage(-1)
                .setCriticalAnalyzer(false)
                .addAcceptorConfiguration("tcp", "tcp://" + url.getHost() + ":" + url.getPort())
                .addAddressSetting("#", new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of("DLQ"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                        .setAutoCreateDeadLetterResources(true)
                        .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                        .setRedeliveryDelay(1000)
                        .setRedeliveryMultiplier(2)
                        .setMaxRedeliveryDelay(60_000));
        server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
        LOG.info("Embedded Artemis broker listening at {} (data in {})", url, dataDir);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
