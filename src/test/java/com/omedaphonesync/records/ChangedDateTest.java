package com.omedaphonesync.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ChangedDate} as Omeda writes it, and the other forms accepted or refused, read the same on every path. */
class ChangedDateTest {

    private static LocalDateTime changedDate(String text) throws Exception {
        String body = "{\"PhoneNumbers\":[{\"Id\":1,\"ChangedDate\":\"" + text + "\"}]}";
        return OmedaAnswer.parse(body.getBytes(StandardCharsets.UTF_8)).phoneNumbers().get(0).changedDate();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2015-03-08 21:23:34|2015-03-08T21:23:34",
            "2015-03-08T21:23:34|2015-03-08T21:23:34",
            "' 2015-03-08 21:23:34 '|2015-03-08T21:23:34",
            "2015-03-08 21:23:34.250|2015-03-08T21:23:34.250",
            "2015-03-08 21:23|2015-03-08T21:23:00",
            "1999-12-31 23:59:59|1999-12-31T23:59:59",
            "2016-02-29 00:00:00|2016-02-29T00:00:00",
            "2015-02-30 10:00:00|2015-02-28T10:00:00" })
    void readsOmedasFormAndTheIsoForm(String text, LocalDateTime expected) throws Exception {
        assertThat(changedDate(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2015-13-08 21:23:34", "2015-03-08 24:23:34", "2015-03-08 21:60:34", "2015-0a-08 21:23:34",
            "2015-03-08 21:23:3x", "+015-03-08 21:23:34", "yesterday" })
    void refusesWhatIsNoDateTime(String text) {
        assertThatIOException().isThrownBy(() -> changedDate(text));
    }
}
