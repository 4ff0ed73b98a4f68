package com.omedaphonesync.broker;


import com.omedaphonesync.config.Settings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The {@code jms} component, on ActiveMQ Artemis at {@code omeda.broker.url}. Consumers work in a local JMS
 * transaction (a message is acknowledged only when its exchange completes; a failed exchange rolls it back to
 * the queue), and as many consumers as lookups may be in flight, so single-id messages are worked in parallel.
 * Stopping it closes the shared connection, before an embedded broker goes down.
 */
public final class JmsConnection extends ServiceSupport {
    private final CachingConnectionFactory connections;
    private final JmsComponent component;

    public JmsConnection(Settings.Broker broker, int consumers) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(broker.url(), broker.user(),
                broker.password().reveal());
        if (!broker.url().contains("consumerWindowSize")) {
            // competing consumers of several instances: with Artemis' default window (1 MiB buffered per consumer)
            // the first instance to connect takes the waiting messages into its buffers and the others starve
            artemis.setConsumerWindowSize(0);
        }
        connections = new CachingConnectionFactory(artemis);
        connections.setCacheConsumers(false);
        component = JmsComponent.jmsComponent(connections);
        component.setTransacted(true);
        component.setLazyCreateTransactionManager(false);
        component.setCacheLevelName("CACHE_CONSUMER");
        component.setConcurrentConsumers(consumers);
        // a message asking for a reply (JMSReplyTo) gets none: ids in, records out to the outputs
        component.setDisableReplyTo(true);
        // a rollback is logged once, with its reason, by the route; Spring's listener adds one line, no trace
        component.setErrorHandlerLogStackTrace(false);
    }

    public JmsComponent component() {
        return component;
    }

    @Override
    protected void doStop() {
        connections.destroy();
    }
}
