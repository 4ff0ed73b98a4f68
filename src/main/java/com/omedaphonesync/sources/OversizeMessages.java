package com.omedaphonesync.sources;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import com.omedaphonesync.config.Settings;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the messages of the source queue whose body is larger than {@code omeda.source.queue.max-message-bytes}
 * off the queue without reading them. Artemis' JMS client reads the whole body of a large message into memory
 * as it hands it over (a 500 MB message would need 500 MB of heap, 1 GB for text), so the JMS consumer of the
 * queue source skips such messages with a selector on the size Artemis announces ({@code _AMQ_LARGE_SIZE}),
 * and this consumer on Artemis' core API, which streams a large body and discards it unread, hands each one
 * to {@code direct:enrich-message} as a body-less exchange carrying its size: there it becomes one
 * {@code UNPROCESSABLE_MESSAGE} dead letter, and only once that is written is the message acknowledged.
 *
 * <p>Only for a {@code jms:} queue URI without a selector of its own; other URIs are size-checked in the route.
 */
public final class OversizeMessages extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(OversizeMessages.class);
    /** Artemis' property with the body size of a large message (a message sent in chunks). */
    public static final String LARGE_SIZE = Message.HDR_LARGE_BODY_SIZE.toString();
    /** The JMS kind of the message (TextMessage…), for its dead letter. */
    public static final String KIND = "omedaMessageKind";
    private static final Duration RECONNECT = Duration.ofSeconds(5);
    private static final long RECEIVE_MILLIS = 1000;

    private final CamelContext context;
    private final Settings.Broker broker;
    /** The last problem logged, so that a broker that stays out of reach is reported once, not every retry. */
    private String lastProblem;
    private final String queue;
    private final long maxBytes;
    private final String target;
    private volatile boolean running;
    private Thread worker;
    private ProducerTemplate template;

    public OversizeMessages(CamelContext context, Settings.Broker broker, String queue, long maxBytes, String target) {
        this.context = context;
        this.broker = broker;
        this.queue = queue;
        this.maxBytes = maxBytes;
        this.target = target;
    }

    /** The queue a {@code jms:} consumer URI reads, when this service can sweep it: no topic, no selector. */
    public static Optional<String> sweepableQueue(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jms:") || lower.startsWith("jms:topic:") || lower.contains("selector=")) {
            return Optional.empty();
        }
        String path = uri.substring("jms:".length());
        int options = path.indexOf('?');
        path = options < 0 ? path : path.substring(0, options);
        if (path.toLowerCase(Locale.ROOT).startsWith("queue:")) {
            path = path.substring("queue:".length());
        }
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    /** The consumer URI of the queue source: the configured one, minus the messages this service takes. */
    public static String consumerUri(String uri, long maxBytes) {
        if (sweepableQueue(uri).isEmpty()) {
            return uri;
        }
        return uri + (uri.contains("?") ? "&" : "?") + "selector=RAW(" + LARGE_SIZE + " IS NULL OR " + LARGE_SIZE
                + " <= " + maxBytes + ")";
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        running = true;
        worker = new Thread(this::sweep, "omeda-oversize-messages");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(RECONNECT.toMillis());
        }
        ServiceHelper.stopService(template);
    }

    private void sweep() {
        while (running) {
            try (ServerLocator locator = ActiveMQClient.createServerLocator(broker.url());
                    ClientSessionFactory factory = locator.createSessionFactory();
                    ClientSession session = factory.createSession(broker.user(), broker.password().reveal(), false,
                            false, false, false, locator.getAckBatchSize())) {
                ClientConsumer consumer = session.createConsumer(queue, LARGE_SIZE + " > " + maxBytes);
                session.start();
                lastProblem = null;
                while (running && !session.isClosed()) {
                    ClientMessage message = consumer.receive(RECEIVE_MILLIS);
                    if (message != null) {
                        deadLetter(session, message);
                    }
                }
            } catch (Exception e) {
                if (running) {
                    String problem = String.valueOf(e.getMessage());
                    if (!problem.equals(lastProblem)) {
                        // at WARN: on a broker that refuses this session, oversize messages would pile up unseen
                        LOG.warn("Oversize messages of {} are not watched ({}); trying again every {} s", queue,
                                problem, RECONNECT.toSeconds());
                        lastProblem = problem;
                    }
                    pause();
                }
            }
        }
    }

    /** Acknowledged once its dead letter is written; rolled back (and tried again later) otherwise. */
    private void deadLetter(ClientSession session, ClientMessage message) throws Exception {
        LOG.info("Message ID:{} of {} is larger than the limit: taken off unread, for the dead-letter channel",
                message.getUserID(), queue);
        Exchange done = template.send(target, exchange -> {
            exchange.getIn().setMessageId("ID:" + message.getUserID());
            exchange.getIn().setHeader(LARGE_SIZE, message.getLongProperty(Message.HDR_LARGE_BODY_SIZE));
            exchange.getIn().setHeader(KIND, kind(message.getType()));
            exchange.getIn().setHeader("JMSXDeliveryCount", message.getDeliveryCount());
        });
        if (done.getException() == null) {
            message.acknowledge();
            session.commit();
        } else {
            session.rollback();
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String kind(byte type) {
        return switch (type) {
            case Message.TEXT_TYPE -> "TextMessage";
            case Message.BYTES_TYPE -> "BytesMessage";
            case Message.MAP_TYPE -> "MapMessage";
            case Message.OBJECT_TYPE -> "ObjectMessage";
            case Message.STREAM_TYPE -> "StreamMessage";
            default -> "Message";
        };
    }
}
