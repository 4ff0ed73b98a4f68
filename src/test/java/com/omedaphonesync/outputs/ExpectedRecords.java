package com.omedaphonesync.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.omedaphonesync.simulator.SimulatedCustomers;

/**
 * What SPEC.md section 4 says the records of a simulated customer must hold, worked out from the simulator's
 * own answer (not from the product's code): one map per phone, field name to the value's text, null when
 * Omeda did not send it. Names of contact types are SPEC.md section 6's, copied here on purpose.
 */
public final class ExpectedRecords {
    /** SPEC.md section 4, in order. */
    static final List<String> FIELDS = List.of("customerId", "brand", "phoneId", "phoneContactType",
            "phoneContactTypeName", "phoneNumber", "extension", "statusCode", "statusName", "changedDate",
            "submissionId", "source", "retrievedAt");

    /** SPEC.md section 6. */
    static final Map<Integer, String> CONTACT_TYPE_NAMES = Map.of(0, "Type Not Known", 200, "Business Phone",
            210, "Home Phone", 230, "Mobile Phone", 240, "Fax", 250, "Foreign Phone", 260, "Foreign Fax",
            270, "Pager");

    /** Simulated customers that between them have every contact type, and phones without extension or status. */
    static final List<String> CUSTOMERS = IntStream.range(0, 30).mapToObj(i -> "FMT" + i).toList();

    private ExpectedRecords() {
    }

    /** The records of one customer without {@code retrievedAt}, which only the lookup knows. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, String>> of(String baseUrl, String brand, String customerId, String source) {
        Map<String, Object> answer = SimulatedCustomers.answer(baseUrl, brand, customerId);
        List<Map<String, Object>> phones = (List<Map<String, Object>>) answer.get("PhoneNumbers");
        List<Map<String, String>> records = new ArrayList<>();
        for (Map<String, Object> phone : phones) {
            Map<String, String> r = new LinkedHashMap<>();
            Integer type = (Integer) phone.get("PhoneContactType");
            Integer status = (Integer) phone.get("StatusCode");
            r.put("customerId", customerId);
            r.put("brand", brand);
            r.put("phoneId", String.valueOf(phone.get("Id")));
            r.put("phoneContactType", String.valueOf(type));
            r.put("phoneContactTypeName", CONTACT_TYPE_NAMES.getOrDefault(type, "Unknown"));
            r.put("phoneNumber", (String) phone.get("PhoneNumber"));
            r.put("extension", (String) phone.get("Extension"));
            r.put("statusCode", status == null ? null : String.valueOf(status));
            r.put("statusName", status == null ? null : status == 1 ? "Primary" : status == 2 ? "Active" : null);
            r.put("changedDate", ((String) phone.get("ChangedDate")).replace(' ', 'T'));
            r.put("submissionId", (String) answer.get("SubmissionId"));
            r.put("source", source);
            records.add(r);
        }
        return records;
    }

    /** Guards the test data itself: the customers must exercise every case the format tests claim to cover. */
    static void assertCoverage(List<Map<String, String>> expected) {
        assertThat(expected).extracting(r -> r.get("phoneContactTypeName"))
                .containsAll(CONTACT_TYPE_NAMES.values()).contains("Unknown");
        assertThat(expected).anyMatch(r -> r.get("extension") == null)
                .anyMatch(r -> r.get("extension") != null)
                .anyMatch(r -> r.get("statusCode") == null)
                .anyMatch(r -> "Primary".equals(r.get("statusName")))
                .anyMatch(r -> "Active".equals(r.get("statusName")));
    }
}
