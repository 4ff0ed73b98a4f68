package com.omedaphonesync.support;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;

/**
 * A plain JMS client on ActiveMQ Artemis over TCP, as another system would use the product's broker: no Camel
 * involved, so what it sees is what is really on the queue.
 */
public final class JmsClient implements AutoCloseable {
    /** One message as it sat on the queue: its text and every property, standard JMS headers included. */
    public record Seen(String body, Map<String, Object> properties, String correlationId, String type) {
    }

    private final ActiveMQConnectionFactory factory;
    private final JMSContext context;

    public JmsClient(String brokerUrl) {
        factory = new ActiveMQConnectionFactory(brokerUrl);
        context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    /** Sends a persistent text message with the given string properties. */
    public void send(String queue, String body, Map<String, String> properties) {
        var producer = context.createProducer();
        properties.forEach(producer::setProperty);
        producer.send(context.createQueue(queue), body);
    }

    public void send(String queue, String body) {
        send(queue, body, Map.of());
    }

    /** Sends a persistent MapMessage: a body of another kind than text or bytes. */
    public void sendMap(String queue, Map<String, Object> body) {
        context.createProducer().send(context.createQueue(queue), body);
    }

    /** Sends a persistent ObjectMessage. */
    public void sendObject(String queue, Serializable body) {
        context.createProducer().send(context.createQueue(queue), body);
    }

    /** Sends a persistent BytesMessage. */
    public void sendBytes(String queue, byte[] body) {
        context.createProducer().send(context.createQueue(queue), body);
    }

    /** The messages waiting on the queue now, without taking them. */
    public List<Seen> browse(String queue) throws JMSException {
        Queue destination = context.createQueue(queue);
        List<Seen> seen = new ArrayList<>();
        try (QueueBrowser browser = context.createBrowser(destination)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                seen.add(snapshot((Message) messages.nextElement()));
            }
        }
        return seen;
    }

    /** Takes the next message, waiting at most {@code millis}; null when none came. */
    public Seen receive(String queue, long millis) throws JMSException {
        try (var consumer = context.createConsumer(context.createQueue(queue))) {
            Message message = consumer.receive(millis);
            return message == null ? null : snapshot(message);
        }
    }

    private static Seen snapshot(Message message) throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            properties.put((String) name, message.getObjectProperty((String) name));
        }
        String body = message instanceof TextMessage text ? text.getText()
                : message.isBodyAssignableTo(String.class) ? message.getBody(String.class)
                : "(a " + message.getClass().getSimpleName() + ")";
        return new Seen(body, properties, message.getJMSCorrelationID(), message.getJMSType());
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            factory.close();
        }
    }
}
