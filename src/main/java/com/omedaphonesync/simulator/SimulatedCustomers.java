package com.omedaphonesync.simulator;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The simulator's customers: deterministic, so tests and people can predict every answer (rules in the README).
 * Customer {@code 12345} is Omeda's documented example; every other valid id is a customer with
 * (sum of the id's character codes) mod 4 phones, whose fields follow from the id.
 */
public final class SimulatedCustomers {
    /** Contact types handed out in turn; 999 is not an Omeda code and shows up as "Unknown". */
    private static final int[] CONTACT_TYPES = { 200, 210, 230, 240, 250, 260, 270, 0, 999 };
    private static final DateTimeFormatter OMEDA_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final LocalDateTime BASE_DATE = LocalDateTime.of(2015, 3, 8, 21, 23, 34);

    private SimulatedCustomers() {
    }

    /** How many phones a customer has. */
    public static int phoneCount(String customerId) {
        if (customerId.equals("12345")) {
            return 2;
        }
        if (customerId.startsWith(Scenario.EMPTY.prefix())) {
            return 0;
        }
        return charSum(customerId) % 4;
    }

    /** The 200 body for a known customer, shaped like Omeda's documented example. */
    public static Map<String, Object> answer(String baseUrl, String brand, String customerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Customer", baseUrl + "/webservices/rest/brand/" + brand + "/customer/" + customerId + "/*");
        body.put("PhoneNumbers", customerId.equals("12345") ? documentedPhones() : phones(customerId));
        body.put("SubmissionId", customerId.equals("12345") ? "24B9BF6F-0677-462B-942A-D87EEBD10F77"
                : submissionId(brand, customerId));
        return body;
    }

    /** The 404 body Omeda documents. */
    public static Map<String, Object> notFound(String brand, String customerId) {
        return errors(submissionId(brand, customerId), "No phone number found for customer " + customerId + ".");
    }

    static Map<String, Object> errors(String submissionId, String... texts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("SubmissionId", submissionId);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String text : texts) {
            errors.add(Map.of("Error", text));
        }
        body.put("Errors", errors);
        return body;
    }

    static String submissionId(String brand, String customerId) {
        return UUID.nameUUIDFromBytes((brand + "/" + customerId).getBytes(StandardCharsets.UTF_8)).toString()
                .toUpperCase(Locale.ROOT);
    }

    private static List<Map<String, Object>> phones(String customerId) {
        int seed = charSum(customerId);
        long idBase = (customerId.hashCode() & 0x7fffffffL) * 10;
        List<Map<String, Object>> phones = new ArrayList<>();
        for (int i = 0; i < phoneCount(customerId); i++) {
            int k = seed + i;
            Map<String, Object> phone = new LinkedHashMap<>();
            phone.put("Id", idBase + i);
            phone.put("PhoneContactType", CONTACT_TYPES[k % CONTACT_TYPES.length]);
            phone.put("PhoneNumber", String.format(Locale.ROOT, "847%07d", (idBase + i) % 10_000_000));
            if (k % 3 == 0) {
                phone.put("Extension", String.valueOf(100 + i));
            }
            if (k % 4 != 3) {
                phone.put("StatusCode", i == 0 ? 1 : 2);
            }
            phone.put("ChangedDate", OMEDA_DATE.format(BASE_DATE.plusMinutes(seed * 7L + i)));
            phones.add(phone);
        }
        return phones;
    }

    private static List<Map<String, Object>> documentedPhones() {
        Map<String, Object> business = new LinkedHashMap<>();
        business.put("Id", 472517);
        business.put("PhoneContactType", 200);
        business.put("PhoneNumber", "8475648900");
        business.put("Extension", "999");
        business.put("StatusCode", 1);
        business.put("ChangedDate", "2015-03-08 21:23:34");
        Map<String, Object> home = new LinkedHashMap<>();
        home.put("Id", 472518);
        home.put("PhoneContactType", 210);
        home.put("PhoneNumber", "8475648901");
        home.put("StatusCode", 1);
        home.put("ChangedDate", "2015-03-08 21:23:34");
        return List.of(business, home);
    }

    private static int charSum(String text) {
        int sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += text.charAt(i);
        }
        return sum;
    }
}
