package com.omedaphonesync.records;

import java.util.Map;

/** Names of Omeda's phone contact types and phone status codes (SPEC.md section 6). */
public final class PhoneContactTypes {
    private static final Map<Integer, String> NAMES = Map.of(
            0, "Type Not Known",
            200, "Business Phone",
            210, "Home Phone",
            230, "Mobile Phone",
            240, "Fax",
            250, "Foreign Phone",
            260, "Foreign Fax",
            270, "Pager");

    private PhoneContactTypes() {
    }

    /** The name of a contact type, {@code Unknown} for codes Omeda does not document; null when absent. */
    public static String name(Integer contactType) {
        return contactType == null ? null : NAMES.getOrDefault(contactType, "Unknown");
    }

    /** {@code Primary} for 1, {@code Active} for 2, otherwise null. */
    public static String statusName(Integer statusCode) {
        if (statusCode == null) {
            return null;
        }
        return switch (statusCode) {
            case 1 -> "Primary";
            case 2 -> "Active";
            default -> null;
        };
    }
}
