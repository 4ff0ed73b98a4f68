package com.omedaphonesync.lookup;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.omedaphonesync.records.OmedaAnswer;
import com.omedaphonesync.records.Reason;

/** What one attempt means for the id: SPEC.md section 5's outcome table, in one place. */
sealed interface Verdict {

    /** A 5xx or no answer: what counts towards opening the {@link CircuitBreaker}. */
    default boolean omedaUnwell() {
        return false;
    }

    /** 200 with a {@code PhoneNumbers} array. */
    record Phones(OmedaAnswer answer) implements Verdict {
    }

    /** An answer that no retry will change. */
    record Final(Reason reason, Integer status, List<String> errors, String submissionId, String detail)
            implements Verdict {
    }

    /** A failure that may pass: throttling, a server error, no answer at all. */
    record Retryable(Reason reason, Integer status, List<String> errors, String submissionId,
            Duration retryAfter, String detail) implements Verdict {
        @Override
        public boolean omedaUnwell() {
            return reason == Reason.SERVER_ERROR || reason == Reason.UNREACHABLE;
        }
    }

    /** 403: the app id is wrong, and every other id would get the same answer. */
    record AppIdRejected(String detail) implements Verdict {
    }

    static Verdict of(OmedaHttp.Answer answer) {
        int status = answer.status();
        if (status == 200) {
            return phones(answer);
        }
        OmedaAnswer body = errorBody(answer.body());
        List<String> errors = body == null ? List.of() : body.errorTexts();
        String submissionId = body == null ? null : body.submissionId();
        String detail = "HTTP " + status + (errors.isEmpty() ? "" : " " + errors);
        if (status == 403) {
            return new AppIdRejected(detail);
        }
        if (status == 404) {
            return new Final(Reason.NOT_FOUND, status, errors, submissionId, detail);
        }
        if (status == 429) {
            return new Retryable(Reason.RATE_LIMITED, status, errors, submissionId, retryAfter(answer.retryAfter()),
                    detail);
        }
        if (status >= 500 && status <= 599) {
            return new Retryable(Reason.SERVER_ERROR, status, errors, submissionId, retryAfter(answer.retryAfter()),
                    detail);
        }
        if (status >= 400 && status <= 499) {
            return new Final(Reason.BAD_REQUEST, status, errors, submissionId, detail);
        }
        return new Final(Reason.BAD_RESPONSE, status, errors, submissionId, "unexpected " + detail);
    }

    /** No answer arrived: timeout, refused or reset connection, unknown host, TLS failure. */
    static Verdict of(Exception noAnswer) {
        String kind = noAnswer instanceof SocketTimeoutException ? "timed out"
                : noAnswer instanceof ConnectException ? "connection refused"
                : noAnswer instanceof UnknownHostException ? "unknown host"
                : noAnswer instanceof IOException ? "connection failed"
                : "call failed";
        return new Retryable(Reason.UNREACHABLE, null, null, null, null,
                kind + " (" + noAnswer.getClass().getSimpleName() + ": " + noAnswer.getMessage() + ")");
    }

    private static Verdict phones(OmedaHttp.Answer answer) {
        if (answer.body() == null) {
            return new Final(Reason.BAD_RESPONSE, 200, List.of(), null,
                    "body larger than " + OmedaHttp.MAX_BODY + " bytes");
        }
        OmedaAnswer parsed;
        try {
            parsed = OmedaAnswer.parse(answer.body());
        } catch (IOException e) {
            return new Final(Reason.BAD_RESPONSE, 200, List.of(), null, "unparseable body: " + firstLine(e));
        }
        if (parsed == null) {
            return new Final(Reason.BAD_RESPONSE, 200, List.of(), null, "the body is JSON null");
        }
        if (!parsed.hasPhoneNumbers()) {
            return new Final(Reason.BAD_RESPONSE, 200, parsed.errorTexts(), parsed.submissionId(),
                    "no PhoneNumbers array of phone objects");
        }
        return new Phones(parsed);
    }

    private static OmedaAnswer errorBody(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return OmedaAnswer.parse(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String firstLine(IOException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
