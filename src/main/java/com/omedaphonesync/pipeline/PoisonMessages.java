package com.omedaphonesync.pipeline;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.omedaphonesync.config.Key;
import com.omedaphonesync.config.Settings;
import com.omedaphonesync.lookup.AppIdRejectedException;
import com.omedaphonesync.records.DeadLetter;
import com.omedaphonesync.records.PhoneRecords;
import com.omedaphonesync.records.Reason;
import com.omedaphonesync.sources.OversizeMessages;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

/**
 * Keeps a queue message that can never be processed from blocking the queue. Failures are of two kinds:
 * <ul>
 * <li>passing trouble ({@link HeldException}: an output or the dead-letter channel down; a 403; anything
 * while shutting down):
 * the message rolls back, as often as it takes, so that an output that is down turns nothing into a dead
 * letter;</li>
 * <li>trouble with the message itself (a body that cannot be read as ids, or any other failure): it rolls back
 * until its {@code JMSXDeliveryCount} reaches {@code omeda.source.queue.max-deliveries}, then becomes one dead
 * letter {@code UNPROCESSABLE_MESSAGE} and is acknowledged, so the messages behind it are processed.</li>
 * </ul>
 * A body larger than {@code omeda.source.queue.max-message-bytes} can never succeed: it is dead-lettered at its
 * first delivery, judged by the size the broker announces, without reading the body.
 */
public final class PoisonMessages {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonMessages.class);
    /** Set by Artemis on a message sent in chunks (a large message): its body size in bytes. */
    static final String ARTEMIS_LARGE_SIZE = OversizeMessages.LARGE_SIZE;
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    private static final int MAX_DESCRIPTION = 300;

    private final Settings.QueueSource settings;
    private final Totals totals;

    public PoisonMessages(Settings.QueueSource settings, Totals totals) {
        this.settings = settings;
        this.totals = totals;
    }

    /** @throws MessageTooBigException when the body is larger than the limit */
    public void refuseTooBig(Exchange exchange) throws JMSException {
        long size = bodySize(exchange.getIn());
        if (size > settings.maxMessageBytes()) {
            throw new MessageTooBigException(describe(exchange.getIn()) + " of " + size + " bytes is larger than "
                    + Key.QUEUE_MAX_MESSAGE_BYTES.property() + " (" + settings.maxMessageBytes() + ")");
        }
    }

    /**
     * After a failure: rethrows it (the message rolls back) unless the message is to become a dead letter, which
     * then becomes the body, to be written before the message is acknowledged.
     */
    public void deadLetterOrRollBack(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (ObjectHelper.getException(HeldException.class, caught) != null
                || ObjectHelper.getException(AppIdRejectedException.class, caught) != null
                || exchange.getContext().isStopping()) {
            throw caught;
        }
        Integer counted = deliveryCount(exchange.getIn());
        // a source that counts no deliveries (seda:, direct:) never delivers the message again: rethrown, it
        // would be lost, so it is dead-lettered at once
        int deliveries = counted == null ? 1 : counted;
        String message = describe(exchange.getIn());
        String problem = caught instanceof MessageTooBigException tooBig ? tooBig.getMessage()
                : message + " could not be processed: " + causes(caught);
        if (!(caught instanceof MessageTooBigException) && counted != null && deliveries < settings.maxDeliveries()) {
            LOG.warn("{} (delivery {} of {}); it rolls back to the queue", problem, deliveries,
                    settings.maxDeliveries());
            throw caught;
        }
        exchange.getIn().setBody(new DeadLetter(null, null, Pipeline.QUEUE, Reason.UNPROCESSABLE_MESSAGE, null,
                List.of(cut(problem)), null, deliveries, PhoneRecords.instant(Instant.now()),
                caught instanceof MessageTooBigException ? "larger than omeda.source.queue.max-message-bytes"
                        : "failed " + deliveries + " deliveries"));
    }

    /** The dead letter is written: the message is done. */
    public void deadLettered(Exchange exchange) {
        DeadLetter letter = exchange.getIn().getBody(DeadLetter.class);
        totals.countDeadLetter(Pipeline.QUEUE, Reason.UNPROCESSABLE_MESSAGE);
        totals.history().deadLettered(letter);
        LOG.error("Dead-lettered as {} (deliveries: {}) and taken off the queue: {}", letter.reason(),
                letter.attempts(), letter.errors().get(0));
    }

    /** The body size announced by the broker; else measured, when the body is already in memory; else 0. */
    private static long bodySize(Message in) throws JMSException {
        if (in instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            jakarta.jms.Message message = jms.getJmsMessage();
            if (message.propertyExists(ARTEMIS_LARGE_SIZE)) {
                return message.getLongProperty(ARTEMIS_LARGE_SIZE);
            }
            if (message instanceof BytesMessage bytes) {
                return bytes.getBodyLength();
            }
            if (message instanceof TextMessage text) {
                // not sent in chunks: the broker handed it over whole, so it is in memory already
                return utf8Length(text.getText());
            }
            return 0;
        }
        Long announced = in.getHeader(ARTEMIS_LARGE_SIZE, Long.class);
        if (announced != null) {
            return announced;
        }
        Object body = in.getBody();
        if (body instanceof String text) {
            return utf8Length(text);
        }
        return body instanceof byte[] bytes ? bytes.length : 0;
    }

    /** The message's deliveries so far, this one included; null when its source does not count them. */
    private static Integer deliveryCount(Message in) throws JMSException {
        if (in instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            return jms.getJmsMessage().propertyExists(DELIVERY_COUNT)
                    ? jms.getJmsMessage().getIntProperty(DELIVERY_COUNT) : 1;
        }
        return in.getHeader(DELIVERY_COUNT, Integer.class);
    }

    /** The kind and id of a message, never its body: what an operator needs to find it again. */
    private static String describe(Message in) throws JMSException {
        if (in instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            jakarta.jms.Message message = jms.getJmsMessage();
            return "queue message " + message.getJMSMessageID() + " (" + jmsType(message) + ")";
        }
        String kind = in.getHeader(OversizeMessages.KIND, String.class);
        return "queue message " + in.getMessageId() + (kind == null ? "" : " (" + kind + ")");
    }

    private static String jmsType(jakarta.jms.Message message) {
        if (message instanceof TextMessage) {
            return "TextMessage";
        } else if (message instanceof BytesMessage) {
            return "BytesMessage";
        } else if (message instanceof MapMessage) {
            return "MapMessage";
        } else if (message instanceof ObjectMessage) {
            return "ObjectMessage";
        } else if (message instanceof StreamMessage) {
            return "StreamMessage";
        }
        return "Message without body";
    }

    /**
     * The exception types, outermost first, without their texts: a text may quote the body (Camel's
     * conversion errors print the value).
     */
    private static String causes(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null && chain.length() < MAX_DESCRIPTION; t = t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " < ").append(t.getClass().getSimpleName());
            if (t.getCause() == t) {
                break;
            }
        }
        return chain.toString();
    }

    private static String cut(String text) {
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A queue message whose body is larger than {@code omeda.source.queue.max-message-bytes}. */
    static final class MessageTooBigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MessageTooBigException(String message) {
            super(message, null, false, false);
        }
    }
}
