package com.omedaphonesync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.omedaphonesync.support.EmbeddedKafka;

/**
 * The Kafka building blocks of the queue source against a real broker, in a route shaped like the product's
 * queue route: {@code from(kafka) -> KafkaDeliveries -> try { ids } catch { dead letter after max tries, else
 * fail }}, the offset committed by camel-kafka once the exchange has completed.
 */
class KafkaSourceTest {
    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_DELIVERIES = 3;

    /** The bodies whose ids all got their outcome, in the order that happened. */
    private final List<String> done = new CopyOnWriteArrayList<>();
    /** One entry per try of each body. */
    private final List<String> tries = new CopyOnWriteArrayList<>();
    private final List<String> deadLetters = new CopyOnWriteArrayList<>();
    /** Bodies whose output is down: they fail as trouble around the message, never becoming dead letters. */
    private final Set<String> outputDown = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch crashPoint = new CountDownLatch(0);
    private volatile String crashBody;
    private CamelContext camel;

    @AfterEach
    void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void eachRecordIsCommittedOnlyAfterItsIdsHaveTheirOutcomeSoACrashRepeatsItAndLosesNothing() throws Exception {
        String topic = KAFKA.createTopic("customer-ids", 1);
        KAFKA.send(topic, null, "1001", "CRASH", "1003");
        CountDownLatch crashed = new CountDownLatch(1);
        crashBody = "CRASH";
        crashPoint = crashed;

        start(topic);
        await().atMost(WAIT).until(() -> tries.contains("CRASH"));

        // CRASH is in hand: 1001 before it is committed, CRASH is not
        assertThat(done).containsExactly("1001");
        assertThat(KAFKA.committedOffset("group-" + topic, topic)).isEqualTo(1);
        // the service dies before CRASH has its outcomes: its exchange never completes
        camel.getRouteController().stopRoute("queue-source", 1, TimeUnit.SECONDS);
        crashed.countDown();
        camel.stop();
        assertThat(KAFKA.committedOffset("group-" + topic, topic)).isEqualTo(1);

        crashBody = null;
        start(topic);
        await().atMost(WAIT).until(() -> done.contains("1003"));
        assertThat(done).containsExactly("1001", "CRASH", "1003");
        await().atMost(WAIT).until(() -> KAFKA.committedOffset("group-" + topic, topic) == 3);
    }

    @Test
    void aRecordThatCanNeverBeProcessedBecomesOneDeadLetterAfterMaxDeliveriesAndThePartitionMovesOn()
            throws Exception {
        String topic = KAFKA.createTopic("customer-ids", 1);
        KAFKA.send(topic, null, "1001", "POISON", "1003");

        start(topic);

        await().atMost(WAIT).until(() -> done.contains("1003"));
        assertThat(deadLetters).containsExactly("POISON@" + topic + "/0@1 after " + MAX_DELIVERIES);
        assertThat(tries).filteredOn("POISON"::equals).hasSize(MAX_DELIVERIES);
        assertThat(done).containsExactly("1001", "1003");
        await().atMost(WAIT).until(() -> KAFKA.committedOffset("group-" + topic, topic) == 3);
    }

    @Test
    void aRecordWhoseOutputIsDownHoldsItsPartitionAndIsTriedUntilTheOutputIsBack() throws Exception {
        String topic = KAFKA.createTopic("customer-ids", 1);
        outputDown.add("1002");
        KAFKA.send(topic, null, "1001", "1002", "1003");

        start(topic);
        await().atMost(WAIT).until(() -> tries.stream().filter("1002"::equals).count() > MAX_DELIVERIES + 1);

        // never a dead letter, and nothing behind it is taken while it waits
        assertThat(deadLetters).isEmpty();
        assertThat(done).containsExactly("1001");
        assertThat(tries).doesNotContain("1003");
        assertThat(KAFKA.committedOffset("group-" + topic, topic)).isEqualTo(1);

        outputDown.clear();
        await().atMost(WAIT).until(() -> done.contains("1003"));
        assertThat(done).containsExactly("1001", "1002", "1003");
        assertThat(deadLetters).isEmpty();
        await().atMost(WAIT).until(() -> KAFKA.committedOffset("group-" + topic, topic) == 3);
    }

    private void start(String topic) throws Exception {
        KafkaDeliveries deliveries = new KafkaDeliveries(Duration.ofMillis(20), Duration.ofMillis(100));
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(KafkaSourceUri.of("kafka:" + topic + "?brokers=" + KAFKA.bootstrapServers()
                        + "&groupId=group-" + topic + "&pollTimeoutMs=200"))
                        .routeId("queue-source")
                        .process(deliveries)
                        .doTry()
                            .process(KafkaSourceTest.this::ids)
                        .doCatch(Exception.class)
                            .process(KafkaSourceTest.this::deadLetterOrFail)
                        .end();
            }
        });
        camel.start();
    }

    /** Stands for enrich-ids: every id of the body gets its outcome, or the exchange fails. */
    private void ids(Exchange exchange) throws InterruptedException {
        String body = exchange.getIn().getBody(String.class);
        tries.add(body);
        if (body.equals(crashBody)) {
            crashPoint.await();
            throw new IllegalStateException("the service died");
        }
        if (outputDown.contains(body)) {
            throw new OutputDownException();
        }
        if (body.equals("POISON")) {
            throw new IllegalArgumentException("not ids");
        }
        done.add(body);
    }

    /** Stands for PoisonMessages: held failures fail the exchange; others do until the last delivery. */
    private void deadLetterOrFail(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int deliveries = exchange.getIn().getHeader(KafkaDeliveries.DELIVERY_COUNT, Integer.class);
        if (caught instanceof OutputDownException || deliveries < MAX_DELIVERIES) {
            throw caught;
        }
        deadLetters.add(exchange.getIn().getBody(String.class) + "@" + exchange.getIn().getMessageId() + " after "
                + deliveries);
    }

    private static final class OutputDownException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
