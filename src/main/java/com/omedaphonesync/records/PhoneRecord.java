package com.omedaphonesync.records;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One phone of one customer, flattened; the fields and their order are SPEC.md section 4's. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "customerId", "brand", "phoneId", "phoneContactType", "phoneContactTypeName", "phoneNumber",
        "extension", "statusCode", "statusName", "changedDate", "submissionId", "source", "retrievedAt" })
public record PhoneRecord(
        String customerId,
        String brand,
        Long phoneId,
        Integer phoneContactType,
        String phoneContactTypeName,
        String phoneNumber,
        String extension,
        Integer statusCode,
        String statusName,
        String changedDate,
        String submissionId,
        String source,
        String retrievedAt) {

    public static final List<String> FIELDS = List.of("customerId", "brand", "phoneId", "phoneContactType",
            "phoneContactTypeName", "phoneNumber", "extension", "statusCode", "statusName", "changedDate",
            "submissionId", "source", "retrievedAt");

    /** The values in field order, for CSV. */
    public List<Object> values() {
        return java.util.Arrays.asList(customerId, brand, phoneId, phoneContactType, phoneContactTypeName,
                phoneNumber, extension, statusCode, statusName, changedDate, submissionId, source, retrievedAt);
    }
}
