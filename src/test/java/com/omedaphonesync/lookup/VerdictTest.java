package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.omedaphonesync.records.Reason;

/** The rows of SPEC.md section 5 that the simulator cannot easily produce, straight against the classifier. */
class VerdictTest {
    private static Verdict answer(int status, String body, String retryAfter) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return Verdict.of(new OmedaHttp.Answer(status, bytes, retryAfter));
    }

    @ParameterizedTest
    @ValueSource(strings = { "null", "[]", "\"text\"", "{\"PhoneNumbers\": {}}", "{\"PhoneNumbers\": [null]}",
            "{\"PhoneNumbers\": [1, 2]}", "{\"PhoneNumbers\": []} trailing", "" })
    void okAnswerWithoutAnArrayOfPhonesIsABadResponse(String body) {
        assertThat(answer(200, body, null)).isInstanceOfSatisfying(Verdict.Final.class,
                end -> assertThat(end.reason()).isEqualTo(Reason.BAD_RESPONSE));
    }

    @Test
    void okAnswerTooLargeToReadIsABadResponse() {
        assertThat(answer(200, null, null)).isInstanceOfSatisfying(Verdict.Final.class,
                end -> assertThat(end.reason()).isEqualTo(Reason.BAD_RESPONSE));
    }

    @ParameterizedTest
    @ValueSource(ints = { 201, 204, 301, 304 })
    void otherSuccessAndRedirectStatusesAreBadResponses(int status) {
        assertThat(answer(status, "", null)).isInstanceOfSatisfying(Verdict.Final.class,
                end -> assertThat(end.reason()).isEqualTo(Reason.BAD_RESPONSE));
    }

    @Test
    void serverErrorCarriesItsRetryAfterAsAnHttpDate() {
        String inTwoMinutes = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(2));
        assertThat(answer(503, "<html>busy</html>", inTwoMinutes)).isInstanceOfSatisfying(Verdict.Retryable.class,
                retry -> {
                    assertThat(retry.reason()).isEqualTo(Reason.SERVER_ERROR);
                    assertThat(retry.errors()).isEmpty();
                    assertThat(retry.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120));
                });
    }

    @Test
    void forbiddenIsTheAppIdNotTheCustomer() {
        assertThat(answer(403, "{\"Errors\":[{\"Error\":\"denied\"}]}", null))
                .isInstanceOf(Verdict.AppIdRejected.class);
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 502, 503, 504 })
    void aServerErrorCountsTowardsOpeningTheCircuit(int status) {
        assertThat(answer(status, "", null).omedaUnwell()).isTrue();
    }

    @Test
    void noAnswerCountsTowardsOpeningTheCircuit() {
        assertThat(Verdict.of(new java.net.SocketTimeoutException("Read timed out")).omedaUnwell()).isTrue();
        assertThat(Verdict.of(new java.net.ConnectException("Connection refused")).omedaUnwell()).isTrue();
        assertThat(Verdict.of(new org.apache.hc.core5.http.NoHttpResponseException("dropped")).omedaUnwell())
                .isTrue();
    }

    /** Omeda answered, so it is up: throttling (429) has Retry-After and the rate limit, not the circuit. */
    @ParameterizedTest
    @ValueSource(ints = { 200, 400, 403, 404, 429 })
    void anyOtherAnswerResetsTheCircuitCount(int status) {
        String phones = "{\"PhoneNumbers\": []}";
        assertThat(answer(status, status == 200 ? phones : "", "1").omedaUnwell()).isFalse();
        assertThat(answer(200, "{\"PhoneNumbers\": [", null).omedaUnwell()).as("a malformed 200").isFalse();
    }
}
