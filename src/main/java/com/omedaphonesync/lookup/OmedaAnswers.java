package com.omedaphonesync.lookup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.omedaphonesync.config.Secret;
import com.omedaphonesync.records.OmedaAnswer;
import com.omedaphonesync.records.Reason;

/**
 * What Omeda's answer means for the id: SPEC.md section 5's outcome table, in one place. The steps of
 * {@code routes/enrich.yaml} call it around the circuit breaker: inside it, {@link #failWhenUnwell} turns a 5xx
 * into the failure the breaker counts; after it, {@link #check} throws the outcome of every other non-200 answer
 * and leaves a 200's body for the JSON unmarshal; {@link #requirePhones} rejects a body without phones.
 */
public final class OmedaAnswers {
    /** Bodies beyond this are not read: no answer of Omeda's is anywhere near it. */
    static final int MAX_BODY = 4 * 1024 * 1024;
    /**
     * Set on the start-up check's lookup: its 403 is reported, not acted on, so that the sources still take their
     * ids and each gets the 403's own outcome (a dropped file to {@code .error/}, messages left on the queue).
     */
    public static final String PROBE = "omedaProbe";
    /** The answer's {@code SubmissionId}, which every record of the customer carries. */
    public static final String SUBMISSION_ID = "omedaSubmissionId";

    private final AppIdGate gate;
    private final Secret appId;
    private final byte[] appIdBytes;

    public OmedaAnswers(AppIdGate gate, Secret appId) {
        this.gate = gate;
        this.appId = appId;
        this.appIdBytes = appId.reveal().getBytes(StandardCharsets.UTF_8);
    }

    /** A 5xx: Omeda is unwell. Thrown inside the circuit breaker, so that it counts towards opening it. */
    public void failWhenUnwell(Exchange exchange) throws IOException, RetryableFailure {
        int status = status(exchange);
        if (status >= 500 && status <= 599) {
            throw (RetryableFailure) failure(exchange.getMessage(), status);
        }
    }

    /**
     * Every answer but a 200 ends here: 403 holds the id and closes the {@link AppIdGate}; 404, other 4xx and
     * unexpected statuses are final; 429 is retried. A 200's body is left, read and masked, for the unmarshal.
     */
    public void check(Exchange exchange) throws IOException, LookupFailure {
        Message answer = exchange.getMessage();
        int status = status(exchange);
        if (status == 200) {
            byte[] body = body(answer);
            if (body == null) {
                throw new LookupFailure(Reason.BAD_RESPONSE, 200, List.of(), null,
                        "body larger than " + MAX_BODY + " bytes");
            }
            answer.setBody(body);
            return;
        }
        LookupFailure failure = failure(answer, status);
        if (status == 403) {
            if (!exchange.getProperty(PROBE, false, Boolean.class)) {
                gate.reject(failure.detail());
            }
            throw new AppIdRejectedException("held: Omeda rejected the app id (" + failure.detail() + ")");
        }
        throw failure;
    }

    /** After the unmarshal: a 200 without a {@code PhoneNumbers} array of phone objects is a bad response. */
    public void requirePhones(Exchange exchange) throws LookupFailure {
        OmedaAnswer answer = exchange.getMessage().getBody(OmedaAnswer.class);
        if (answer == null) {
            throw new LookupFailure(Reason.BAD_RESPONSE, 200, List.of(), null, "the body is JSON null");
        }
        if (!answer.hasPhoneNumbers()) {
            throw new LookupFailure(Reason.BAD_RESPONSE, 200, answer.errorTexts(), answer.submissionId(),
                    "no PhoneNumbers array of phone objects");
        }
        exchange.setProperty(SUBMISSION_ID, answer.submissionId());
    }

    private static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private LookupFailure failure(Message answer, int status) throws IOException {
        OmedaAnswer body = errorBody(body(answer));
        List<String> errors = body == null ? List.of() : body.errorTexts();
        String submissionId = body == null ? null : body.submissionId();
        String detail = "HTTP " + status + (errors.isEmpty() ? "" : " " + errors);
        if (status == 429) {
            return new RetryableFailure(Reason.RATE_LIMITED, status, errors, submissionId,
                    retryAfter(answer.getHeader("Retry-After", String.class)), detail);
        }
        if (status >= 500 && status <= 599) {
            return new RetryableFailure(Reason.SERVER_ERROR, status, errors, submissionId,
                    retryAfter(answer.getHeader("Retry-After", String.class)), detail);
        }
        if (status == 404) {
            return new LookupFailure(Reason.NOT_FOUND, status, errors, submissionId, detail);
        }
        if (status >= 400 && status <= 499) {
            return new LookupFailure(Reason.BAD_REQUEST, status, errors, submissionId, detail);
        }
        return new LookupFailure(Reason.BAD_RESPONSE, status, errors, submissionId, "unexpected " + detail);
    }

    /** The body, up to {@link #MAX_BODY}; null beyond. Should it ever echo the app id, the copy kept does not. */
    private byte[] body(Message answer) throws IOException {
        Object raw = answer.getBody();
        byte[] bytes;
        if (raw == null) {
            bytes = new byte[0];
        } else if (raw instanceof byte[] array) {
            bytes = array;
        } else {
            try (InputStream in = answer.getBody(InputStream.class)) {
                bytes = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
            }
        }
        if (bytes.length > MAX_BODY) {
            return null;
        }
        if (!contains(bytes, appIdBytes)) {
            return bytes;
        }
        return new String(bytes, StandardCharsets.UTF_8).replace(appId.reveal(), appId.toString())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A plain search of the bytes: the usual answer has no app id in it, and is not decoded to find out. */
    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
}
