package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code omeda.source.timer.schedule}: a Quartz cron expression, or a period such as {@code 15m}. */
class ScheduleTest {

    @ParameterizedTest
    @CsvSource({ "15m, 900000", "30s, 30000", "500ms, 500", "2h, 7200000", "1d, 86400000", "15M, 900000",
            "' 45s ', 45000", "1ms, 1" })
    void aPeriodIsANumberWithAUnit(String text, long millis) {
        assertThat(Schedule.parse(text)).isEqualTo(new Schedule.Period(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0 0 2 * * ?", "0 */5 * * * ?", "0 15 10 ? * MON-FRI", "0 0 12 1 1/1 ? 2030" })
    void aValidQuartzCronExpressionIsACron(String expression) {
        assertThat(Schedule.parse(expression)).isEqualTo(new Schedule.Cron(expression));
    }

    @Test
    void aCronExpressionIsTrimmed() {
        assertThat(Schedule.parse("  0 0 2 * * ?  ")).isEqualTo(new Schedule.Cron("0 0 2 * * ?"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "every night", "15", "15 minutes", "15min", "-5m", "0m", "0ms", "1.5h",
            "m15", "1w", "* * *", "0 0 25 * * ?", "0 0 2 * * ? *)", "0 0 2 * * ?&trigger.repeatCount=3" })
    void anythingElseIsRejected(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Schedule.parse(text));
    }

    @Test
    void theRejectionQuotesTheTextAndGivesExamples() {
        assertThatIllegalArgumentException().isThrownBy(() -> Schedule.parse("whenever"))
                .withMessageContaining("whenever").withMessageContaining("15m");
    }

    @Test
    void aPeriodFiresEveryIntervalForever() {
        assertThat(Schedule.parse("15m").quartzTrigger())
                .isEqualTo("trigger.repeatInterval=900000&trigger.repeatCount=-1");
    }

    @Test
    void aCronIsPassedToQuartzRaw() {
        assertThat(Schedule.parse("0 0 2 * * ?").quartzTrigger()).isEqualTo("cron=RAW(0 0 2 * * ?)");
    }
}
