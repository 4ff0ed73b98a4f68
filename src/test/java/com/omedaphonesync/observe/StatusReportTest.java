package com.omedaphonesync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The parts of the status document that are pure functions: endpoints shown, the replay command, percentiles. */
class StatusReportTest {
    @Test
    void anEndpointShowsNeitherItsOptionsNorItsUserInfo() {
        assertThat(StatusReport.endpoint("file:output?fileName=phones.jsonl")).isEqualTo("file:output");
        assertThat(StatusReport.endpoint("sql:insert into phones values (:#customerId)?dataSource=#ds&password=pw1"))
                .isEqualTo("sql:insert into phones values (:#customerId)");
        assertThat(StatusReport.endpoint("http://alice:pw2@example.com/records?authToken=t0k"))
                .isEqualTo("http://example.com/records");
        assertThat(StatusReport.endpoint("kafka:phones?saslJaasConfig=RAW(password=\"pw3\")")).isEqualTo("kafka:phones");
    }

    @Test
    void replayReadsTheDeadLetterFileOfAFileUri() {
        assertThat(StatusReport.deadLetterFile("file:output?fileName=dead-letter.jsonl"))
                .isEqualTo(Path.of("output/dead-letter.jsonl"));
        assertThat(StatusReport.deadLetterFile("file:/var/lib/omeda?fileName=dl.jsonl&fileExist=Append"))
                .isEqualTo(Path.of("/var/lib/omeda/dl.jsonl"));
        assertThat(StatusReport.deadLetterFile("file:output?fileName=dl-${date:now:yyyyMMdd}.jsonl")).isNull();
        assertThat(StatusReport.deadLetterFile("kafka:dead-letters")).isNull();
    }

    @Test
    void percentilesInterpolateWithinTheirBucketAsPrometheusDoes() {
        // 5, 10, 25, 50, 100 ms ... : 100 answers, all between 25 and 50 ms
        long[] cumulative = new long[14];
        for (int i = 3; i < cumulative.length; i++) {
            cumulative[i] = 100;
        }
        assertThat(StatusRates.percentileMillis(cumulative, 0.5)).isEqualTo(37.5);
        assertThat(StatusRates.percentileMillis(cumulative, 0.95)).isEqualTo(48.75);
        assertThat(StatusRates.percentileMillis(new long[14], 0.5)).as("no answer in the window").isNull();
    }
}
