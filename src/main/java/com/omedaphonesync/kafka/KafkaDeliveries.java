package com.omedaphonesync.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the tries of each Kafka record, since Kafka has no delivery count, and spaces them out. A record that
 * fails is not committed and the consumer takes it again ({@code breakOnFirstError}), so on a partition only the
 * record at its head can come again: one count per partition is all there is to keep. The count is handed on
 * as {@code JMSXDeliveryCount}, the way a JMS message carries it, so the queue source's poison-message rule
 * (dead letter after {@code omeda.source.queue.max-deliveries} tries) applies unchanged; the message id becomes
 * {@code topic/partition@offset}, which is how an operator finds the record again.
 * <p>
 * Before a record is tried again, its partition waits 1 s, 2 s, 4 s... up to a minute (the embedded Artemis
 * broker's redelivery delays): an output that stays down is asked again and again, not hammered. The wait ends
 * early when the route stops; the record is then left uncommitted for the next start.
 * <p>
 * Counts live in memory: a restart, or the partition moving to another instance, starts the count afresh, so a
 * poison record may be tried up to {@code max-deliveries} times per instance that takes it.
 * <p>
 * The first record an instance takes from a partition (at start, or when a rebalance hands it the partition of an
 * instance that stopped or died) is named in an INFO line: it is the one record of that partition that may be a
 * repeat, when the previous reader was killed before committing it. An operator counting repeats starts there.
 */
public final class KafkaDeliveries implements Processor {
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDeliveries.class);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** How often a wait looks whether the route is stopping. */
    private static final long STOP_CHECK_MS = 100;

    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Map<String, Head> heads = new ConcurrentHashMap<>();

    public KafkaDeliveries() {
        this(FIRST_DELAY, MAX_DELAY);
    }

    public KafkaDeliveries(Duration firstDelay, Duration maxDelay) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /** The record at the head of a partition and how often it has been taken. */
    private record Head(long offset, int deliveries) {
    }

    /** Does nothing to a message that did not come from Kafka. */
    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Message in = exchange.getIn();
        String topic = in.getHeader(KafkaConstants.TOPIC, String.class);
        Integer partition = in.getHeader(KafkaConstants.PARTITION, Integer.class);
        Long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        if (topic == null || partition == null || offset == null) {
            return;
        }
        String where = topic + "/" + partition;
        Head before = heads.get(where);
        Head head = before != null && before.offset() == offset ? new Head(offset, before.deliveries() + 1)
                : new Head(offset, 1);
        heads.put(where, head);
        if (before == null) {
            LOG.info("Kafka partition {}: first record taken here at offset {}; if the instance that read the "
                    + "partition before stopped in the middle of it, its ids are looked up again", where, offset);
        }
        in.setHeader(DELIVERY_COUNT, head.deliveries());
        in.setMessageId(where + "@" + offset);
        if (head.deliveries() > 1) {
            waitBeforeRetry(exchange, where + "@" + offset, head.deliveries());
        }
    }

    private void waitBeforeRetry(Exchange exchange, String record, int delivery) throws InterruptedException {
        Duration delay = delay(delivery);
        LOG.info("Kafka record {}: delivery {} in {} ms", record, delivery, delay.toMillis());
        long deadline = System.nanoTime() + delay.toNanos();
        for (long left = delay.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            if (stopping(exchange)) {
                throw new StoppingException(record);
            }
            Thread.sleep(Math.min(left, STOP_CHECK_MS));
        }
    }

    /** 1 s before the second delivery, doubling up to the maximum. */
    Duration delay(int delivery) {
        int doublings = Math.min(delivery - 2, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static boolean stopping(Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            return true;
        }
        ServiceStatus route = exchange.getContext().getRouteController().getRouteStatus(exchange.getFromRouteId());
        return route != null && !route.isStarted();
    }

    /** The route stopped while a record waited for its next try: it stays uncommitted. */
    static final class StoppingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoppingException(String record) {
            super("Kafka record " + record + " is left for the next start: the route is stopping", null, false,
                    false);
        }
    }
}
