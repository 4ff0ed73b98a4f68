package com.omedaphonesync.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The fields by name, in order: what a component that binds named parameters reads. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<Object> values = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            fields.put(FIELDS.get(i), values.get(i));
        }
        return fields;
    }

    /** The values in field order, for CSV. */
    public List<Object> values() {
        return java.util.Arrays.asList(customerId, brand, phoneId, phoneContactType, phoneContactTypeName,
                phoneNumber, extension, statusCode, statusName, changedDate, submissionId, source, retrievedAt);
    }
}
