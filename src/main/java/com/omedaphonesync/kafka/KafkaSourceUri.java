package com.omedaphonesync.kafka;

import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;

import com.omedaphonesync.config.Key;

/**
 * Completes a {@code kafka:} URI of the queue source ({@code omeda.source.queue.uri}) with the options its
 * delivery guarantee rests on, and refuses options that would break it:
 * <ul>
 * <li>no auto-commit: camel-kafka's synchronous commit manager (the manual-commit factory) commits a record's
 * offset on the consumer's own thread, only once the record's exchange has completed, i.e. once every id in it
 * has its outcome (records, or a dead letter);</li>
 * <li>{@code breakOnFirstError}: a record that fails is not committed; the consumer goes back to its offset and
 * takes it again (see {@link KafkaDeliveries}), so the partition waits behind it instead of skipping it;</li>
 * <li>one record per poll (unless set otherwise): the commit follows each record, so a crash repeats at most the
 * record in hand, and the consumer's {@code max.poll.interval.ms} is measured per record, not per 500;</li>
 * <li>a new group starts at the earliest offset, so ids sent before the service first ran are not skipped.</li>
 * </ul>
 */
public final class KafkaSourceUri {
    private KafkaSourceUri() {
    }

    /** The consumer URI to use: unchanged when it is not {@code kafka:}. */
    public static String of(String uri) {
        if (!KafkaUri.isKafka(uri)) {
            return uri;
        }
        KafkaUri kafka = KafkaUri.parse(Key.QUEUE_URI, uri);
        if (kafka.option("groupId").filter(group -> !group.isBlank()).isEmpty()) {
            kafka.refuse("no groupId: the committed offsets belong to the consumer group, which must outlive a "
                    + "restart (and is shared by the instances that split the topic)");
        }
        String afterOutcome = "an offset is committed only after every id of its record has its outcome";
        kafka.require("autoCommitEnable", "false", afterOutcome);
        kafka.require("allowManualCommit", "true", afterOutcome);
        kafka.require("kafkaManualCommitFactory", "#class:" + DefaultKafkaManualCommitFactory.class.getName(),
                afterOutcome);
        kafka.require("breakOnFirstError", "true", "a record that fails is taken again, not skipped");
        kafka.option("batching").filter(Boolean::parseBoolean)
                .ifPresent(batching -> kafka.refuse("batching=true: " + afterOutcome));
        kafka.refuseClientProperty("enable.auto.commit");
        kafka.number("maxPollRecords").ifPresentOrElse(n -> { }, () -> kafka.set("maxPollRecords", "1"));
        kafka.setIfAbsent("autoOffsetReset", "earliest");
        return kafka.toString();
    }
}
