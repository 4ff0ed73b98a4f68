package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which queue source URIs leave their oversize messages to {@link OversizeMessages}, and how. */
class OversizeMessagesTest {

    @ParameterizedTest
    @CsvSource({
            "jms:queue:omeda.customer-ids, omeda.customer-ids",
            "jms:omeda.customer-ids, omeda.customer-ids",
            "jms:queue:ids?concurrentConsumers=2, ids" })
    void aJmsQueueWithoutSelectorIsSwept(String uri, String queue) {
        assertThat(OversizeMessages.sweepableQueue(uri)).contains(queue);
    }

    @ParameterizedTest
    @ValueSource(strings = { "jms:topic:ids", "jms:queue:ids?selector=region='EU'", "seda:ids", "file:ids" })
    void topicsQueuesWithTheirOwnSelectorAndOtherComponentsAreLeftAsConfigured(String uri) {
        assertThat(OversizeMessages.sweepableQueue(uri)).isEmpty();
        assertThat(OversizeMessages.consumerUri(uri, 1024)).isEqualTo(uri);
    }

    @Test
    void theJmsConsumerSkipsWhatTheSweeperTakes() {
        assertThat(OversizeMessages.consumerUri("jms:queue:ids", 1024))
                .isEqualTo("jms:queue:ids?selector=RAW(_AMQ_LARGE_SIZE IS NULL OR _AMQ_LARGE_SIZE <= 1024)");
        assertThat(OversizeMessages.consumerUri("jms:queue:ids?concurrentConsumers=2", 1024))
                .endsWith("?concurrentConsumers=2&selector=RAW(_AMQ_LARGE_SIZE IS NULL OR _AMQ_LARGE_SIZE <= 1024)");
    }
}
