package com.omedaphonesync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.omedaphonesync.config.ConfigException;
import com.omedaphonesync.config.Key;

/** What {@link KafkaOutputs#configure} makes of an output URI at start-up. */
class KafkaOutputsTest {

    @Test
    void otherSchemesAreLeftAlone() {
        assertThat(KafkaOutputs.configure(Key.OUTPUT_URIS, "file:output?fileName=phones.jsonl"))
                .isEqualTo("file:output?fileName=phones.jsonl");
    }

    @Test
    void aPlainKafkaUriGetsTheRecordInterceptorAndTimeBounds() {
        assertThat(KafkaOutputs.configure(Key.OUTPUT_URIS, "kafka:phones?brokers=k1:9092,k2:9092"))
                .isEqualTo("kafka:phones?brokers=k1%3A9092%2Ck2%3A9092&enableIdempotence=true&useIterator=true"
                        + "&keySerializer=org.apache.kafka.common.serialization.StringSerializer"
                        + "&valueSerializer=org.apache.kafka.common.serialization.StringSerializer"
                        + "&interceptorClasses=com.omedaphonesync.kafka.PhoneRecordInterceptor"
                        + "&maxBlockMs=10000&deliveryTimeoutMs=30000");
    }

    @Test
    void theOperatorsOwnSettingsStayAndTheirInterceptorsComeAfterOurs() {
        String uri = KafkaOutputs.configure(Key.OUTPUT_URIS, "kafka:phones?brokers=k:9092&requestRequiredAcks=-1"
                + "&interceptorClasses=com.example.Audit&requestTimeoutMs=45000&lingerMs=5"
                + "&saslJaasConfig=RAW(x password=\"a&b+c\";)");

        assertThat(uri).contains("requestRequiredAcks=-1", "requestTimeoutMs=45000",
                "interceptorClasses=com.omedaphonesync.kafka.PhoneRecordInterceptor%2Ccom.example.Audit",
                "deliveryTimeoutMs=45005", "saslJaasConfig=RAW(x password=\"a&b+c\";)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "enableIdempotence=false", "EnableIdempotence=false", "requestRequiredAcks=1",
            "requestRequiredAcks=0", "maxInFlightRequest=6", "useIterator=false",
            "valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer",
            "additionalProperties.acks=1", "additionalProperties.enable.idempotence=false",
            "maxBlockMs=soon" })
    void settingsThatCouldLoseOrReorderRecordsAreRefusedByName(String option) {
        String name = option.substring(0, option.indexOf('='));
        assertThatThrownBy(() -> KafkaOutputs.configure(Key.OUTPUT_URIS, "kafka:phones?brokers=k:9092&" + option
                + "&saslJaasConfig=RAW(secret)"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("omeda.output.uris: the kafka URI for topic 'phones' has " + name)
                .hasMessageNotContaining("secret");
    }
}
