package com.omedaphonesync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.omedaphonesync.config.Key;
import com.omedaphonesync.records.CustomerPhones;
import com.omedaphonesync.records.PhoneRecord;
import com.omedaphonesync.support.EmbeddedKafka;
import com.omedaphonesync.support.FreePort;

/** A {@code kafka:} output against a real broker: what a consumer of the phones topic gets. */
class KafkaOutputTest {
    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void eachPhoneIsOneRecordKeyedByBrandAndCustomerSoACustomersRecordsStayInOrderOnOnePartition()
            throws Exception {
        String topic = KAFKA.createTopic("phones", 3);
        String uri = KafkaOutputs.configure(Key.OUTPUT_URIS, "kafka:" + topic + "?brokers="
                + KAFKA.bootstrapServers());
        List<CustomerPhones> customers = List.of(customer("FOO", "1001", 4), customer("FOO", "1002", 3),
                customer("BAR", "1001", 2), customer("FOO", "1003", 0));

        customers.forEach(c -> template.sendBody(uri, c));

        List<ConsumerRecord<String, String>> records = KAFKA.records(topic);
        assertThat(records).hasSize(9);
        for (CustomerPhones customer : customers) {
            String key = customer.brand() + ":" + customer.customerId();
            List<ConsumerRecord<String, String>> own = records.stream().filter(r -> r.key().equals(key)).toList();
            assertThat(own.stream().map(ConsumerRecord::partition).distinct()).hasSizeLessThanOrEqualTo(1);
            assertThat(own).extracting(ConsumerRecord::value).containsExactlyElementsOf(
                    customer.records().stream().map(KafkaOutputTest::json).toList());
        }
        // a customer without phones has no record to send
        assertThat(records).noneMatch(r -> r.key().equals("FOO:1003"));
        assertThat(records).allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
    }

    @Test
    void theValueIsTheRecordsJsonLine() throws Exception {
        String topic = KAFKA.createTopic("phones", 1);
        PhoneRecord phone = new PhoneRecord("12345", "FOO", 7L, 230, "Mobile Phone", "+1 555 0100", null, 1,
                "Active", "2024-01-02 03:04:05", "S-1", "queue", "2026-01-01T00:00:00Z");

        template.sendBody(KafkaOutputs.configure(Key.OUTPUT_URIS, "kafka:" + topic + "?brokers="
                + KAFKA.bootstrapServers()), new CustomerPhones("FOO", "12345", "queue", Instant.EPOCH,
                        List.of(phone)));

        assertThat(KAFKA.records(topic)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("FOO:12345");
            assertThat(r.value()).isEqualTo("{\"customerId\":\"12345\",\"brand\":\"FOO\",\"phoneId\":7,"
                    + "\"phoneContactType\":230,\"phoneContactTypeName\":\"Mobile Phone\",\"phoneNumber\":"
                    + "\"+1 555 0100\",\"extension\":null,\"statusCode\":1,\"statusName\":\"Active\","
                    + "\"changedDate\":\"2024-01-02 03:04:05\",\"submissionId\":\"S-1\",\"source\":\"queue\","
                    + "\"retrievedAt\":\"2026-01-01T00:00:00Z\"}");
        });
    }

    @Test
    void aSendToABrokerThatIsDownFailsWithinItsBoundInsteadOfHanging() {
        String down = "127.0.0.1:" + FreePort.next();
        String uri = KafkaOutputs.configure(Key.OUTPUT_URIS, "kafka:phones?brokers=" + down + "&maxBlockMs=2000"
                + "&requestTimeoutMs=2000&deliveryTimeoutMs=4000");

        assertThatThrownBy(() -> template.sendBody(uri, customer("FOO", "1001", 2)))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseInstanceOf(TimeoutException.class);
    }

    private static CustomerPhones customer(String brand, String customerId, int phones) {
        return new CustomerPhones(brand, customerId, "queue", Instant.EPOCH, IntStream.rangeClosed(1, phones)
                .mapToObj(i -> new PhoneRecord(customerId, brand, (long) i, 200, "Business Phone", "555-000" + i,
                        null, 1, "Active", null, null, "queue", "2026-01-01T00:00:00Z"))
                .toList());
    }

    private static String json(PhoneRecord record) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
