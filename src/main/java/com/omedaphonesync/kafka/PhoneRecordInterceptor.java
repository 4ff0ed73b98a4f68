package com.omedaphonesync.kafka;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.omedaphonesync.records.PhoneRecord;

/**
 * Makes each {@link PhoneRecord} a Kafka record keyed {@code brand:customerId} whose value is the record's JSON
 * line, the same as in a {@code jsonl} file. camel-kafka sends each element of an iterable body
 * ({@code CustomerPhones}) as a record of its own, but hands the element over as it is: without a key (so one
 * customer's records would spread over partitions and lose their order) and unconverted (the string serializer
 * would refuse it). A producer interceptor is the one place that sees every such record before it is keyed,
 * partitioned and serialized. The record also leaves without the exchange's headers: the output is the record
 * alone, as on every other output.
 */
public final class PhoneRecordInterceptor implements ProducerInterceptor<Object, Object> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key of every record of one customer: they share a partition, so they stay in order. */
    static String key(PhoneRecord record) {
        return record.brand() + ":" + record.customerId();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (!(record.value() instanceof PhoneRecord phone)) {
            return record;
        }
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), key(phone), json(phone));
    }

    private static String json(PhoneRecord record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record always serialises", e);
        }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        // a failed send reaches the exchange through camel-kafka's own callback
    }

    @Override
    public void close() {
        // holds nothing
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
