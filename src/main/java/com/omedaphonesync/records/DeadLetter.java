package com.omedaphonesync.records;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The one record an id leaves behind when it cannot be enriched (SPEC.md section 5). {@code httpStatus},
 * {@code errors} and {@code submissionId} are null where Omeda gave no answer; {@code detail}, added last so
 * that readers of the earlier fields are not disturbed, says why in a few words.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "customerId", "brand", "source", "reason", "httpStatus", "errors", "submissionId", "attempts",
        "failedAt", "detail" })
public record DeadLetter(
        String customerId,
        String brand,
        String source,
        Reason reason,
        Integer httpStatus,
        List<String> errors,
        String submissionId,
        int attempts,
        String failedAt,
        /** Why, in a few words: which part of an invalid id is wrong, Omeda's status, the network failure. */
        String detail) {
}
