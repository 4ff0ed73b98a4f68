package com.omedaphonesync.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC.md section 6 names, and what section 4 says for codes it does not list. */
class PhoneContactTypesTest {

    @ParameterizedTest
    @CsvSource({ "0, Type Not Known", "200, Business Phone", "210, Home Phone", "230, Mobile Phone", "240, Fax",
            "250, Foreign Phone", "260, Foreign Fax", "270, Pager" })
    void documentedContactTypesHaveTheirOmedaNames(int code, String name) {
        assertThat(PhoneContactTypes.name(code)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 1, 220, 999, 100_000 })
    void otherContactTypesAreUnknown(int code) {
        assertThat(PhoneContactTypes.name(code)).isEqualTo("Unknown");
    }

    @Test
    void statusOneIsPrimaryAndTwoActive() {
        assertThat(PhoneContactTypes.statusName(1)).isEqualTo("Primary");
        assertThat(PhoneContactTypes.statusName(2)).isEqualTo("Active");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 3, -1, 99 })
    void otherStatusCodesHaveNoName(int code) {
        assertThat(PhoneContactTypes.statusName(code)).isNull();
    }

    @Test
    void anAbsentCodeHasNoName() {
        assertThat(PhoneContactTypes.statusName(null)).isNull();
        assertThat(PhoneContactTypes.name(null)).isNull();
    }
}
