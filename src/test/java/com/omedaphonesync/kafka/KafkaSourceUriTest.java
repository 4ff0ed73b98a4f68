package com.omedaphonesync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.omedaphonesync.config.ConfigException;

/** What {@link KafkaSourceUri#of} makes of the queue source's URI at start-up. */
class KafkaSourceUriTest {

    @Test
    void aJmsQueueIsLeftAlone() {
        assertThat(KafkaSourceUri.of("jms:queue:omeda.customer-ids")).isEqualTo("jms:queue:omeda.customer-ids");
    }

    @Test
    void aKafkaTopicGetsCommitAfterOutcomeAndRetryOfAFailedRecord() {
        assertThat(KafkaSourceUri.of("kafka:customer-ids?brokers=k:9092&groupId=omeda-phone-sync"))
                .isEqualTo("kafka:customer-ids?brokers=k%3A9092&groupId=omeda-phone-sync&autoCommitEnable=false"
                        + "&allowManualCommit=true"
                        + "&kafkaManualCommitFactory=%23class%3Aorg.apache.camel.component.kafka.consumer"
                        + ".DefaultKafkaManualCommitFactory"
                        + "&breakOnFirstError=true&maxPollRecords=1&autoOffsetReset=earliest");
    }

    @Test
    void theOperatorMayTakeMoreRecordsAPollOrStartAtTheEnd() {
        assertThat(KafkaSourceUri.of("kafka:ids?brokers=k:9092&groupId=g&maxPollRecords=50&autoOffsetReset=latest"))
                .contains("maxPollRecords=50", "autoOffsetReset=latest").doesNotContain("earliest");
    }

    @ParameterizedTest
    @ValueSource(strings = { "autoCommitEnable=true", "allowManualCommit=false", "breakOnFirstError=false",
            "batching=true", "additionalProperties.enable.auto.commit=true",
            "kafkaManualCommitFactory=#class:org.apache.camel.component.kafka.consumer."
                    + "DefaultKafkaManualAsyncCommitFactory" })
    void settingsThatCouldSkipOrLoseARecordAreRefusedByName(String option) {
        String name = option.substring(0, option.indexOf('='));
        assertThatThrownBy(() -> KafkaSourceUri.of("kafka:ids?brokers=k:9092&groupId=g&" + option))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("omeda.source.queue.uri: the kafka URI for topic 'ids' has " + name);
    }

    @Test
    void aConsumerGroupIsRequired() {
        assertThatThrownBy(() -> KafkaSourceUri.of("kafka:ids?brokers=k:9092"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no groupId");
    }
}
