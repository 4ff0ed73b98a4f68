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
 * The simulator's customers: deterministic, so tests and people can predict every answer (rules in docs/simulator.md).
 * Customer {@code 12345} is Omeda's documented example; every other valid id is a customer with
 * (sum of the id's character codes) mod 4 phones, whose fields follow from the id.
 *
 * <p>A <em>generation</em> above 0 is the same data changed as Omeda's changes between two refreshes, so that a
 * sync can be shown to follow it: for each plain id (no scenario prefix, not {@code 12345}), with
 * {@code r = hash(id@g) mod 100}, the customer is gone (404) when r &lt; 10; otherwise each base phone i is removed
 * when {@code hash(id@g#i) mod 4 = 0}, changed (number {@code 848…}, ChangedDate g days later) when it is 1, and
 * when r mod 3 = 0 the customer has one more phone, in slot 4 + (g - 1) mod 6. {@code hash} is Java's
 * {@code String.hashCode}, taken mod as a non-negative number.
 */
public final class SimulatedCustomers {
    /** Contact types handed out in turn; 999 is not an Omeda code and shows up as "Unknown". */
    private static final int[] CONTACT_TYPES = { 200, 210, 230, 240, 250, 260, 270, 0, 999 };
    private static final DateTimeFormatter OMEDA_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final LocalDateTime BASE_DATE = LocalDateTime.of(2015, 3, 8, 21, 23, 34);

    private SimulatedCustomers() {
    }

    /** How many phones a customer has in the base data (generation 0). */
    public static int phoneCount(String customerId) {
        if (customerId.equals("12345")) {
            return 2;
        }
        if (customerId.startsWith(Scenario.EMPTY.prefix())) {
            return 0;
        }
        return charSum(customerId) % 4;
    }

    /** Whether a plain id's customer is unknown (404) in that generation. */
    public static boolean gone(String customerId, int generation) {
        return changes(customerId, generation) && hash(customerId + "@" + generation, 100) < 10;
    }

    /** The 200 body for a known customer in the base data, shaped like Omeda's documented example. */
    public static Map<String, Object> answer(String baseUrl, String brand, String customerId) {
        return answer(baseUrl, brand, customerId, 0);
    }

    /** The 200 body for a customer that is not {@link #gone} in that generation. */
    public static Map<String, Object> answer(String baseUrl, String brand, String customerId, int generation) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Customer", baseUrl + "/webservices/rest/brand/" + brand + "/customer/" + customerId + "/*");
        body.put("PhoneNumbers", customerId.equals("12345") ? documentedPhones() : phones(customerId, generation));
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

    private static List<Map<String, Object>> phones(String customerId, int generation) {
        List<Map<String, Object>> phones = new ArrayList<>();
        boolean changes = changes(customerId, generation);
        for (int i = 0; i < phoneCount(customerId); i++) {
            int fate = changes ? hash(customerId + "@" + generation + "#" + i, 4) : -1;
            if (fate != 0) {
                phones.add(phone(customerId, i, fate == 1 ? generation : 0));
            }
        }
        if (changes && hash(customerId + "@" + generation, 100) % 3 == 0) {
            phones.add(phone(customerId, 4 + (generation - 1) % 6, 0));
        }
        return phones;
    }

    /** Phone {@code i} of a customer; {@code changedIn} above 0 gives it the number and date of that generation. */
    private static Map<String, Object> phone(String customerId, int i, int changedIn) {
        int seed = charSum(customerId);
        long id = (customerId.hashCode() & 0x7fffffffL) * 10 + i;
        int k = seed + i;
        Map<String, Object> phone = new LinkedHashMap<>();
        phone.put("Id", id);
        phone.put("PhoneContactType", CONTACT_TYPES[k % CONTACT_TYPES.length]);
        phone.put("PhoneNumber", String.format(Locale.ROOT, "%d%07d", changedIn > 0 ? 848 : 847, id % 10_000_000));
        if (k % 3 == 0) {
            phone.put("Extension", String.valueOf(100 + i));
        }
        if (k % 4 != 3) {
            phone.put("StatusCode", i == 0 ? 1 : 2);
        }
        phone.put("ChangedDate", OMEDA_DATE.format(BASE_DATE.plusMinutes(seed * 7L + i).plusDays(changedIn)));
        return phone;
    }

    /** Generations change plain ids only: the documented example and the scenario ids keep their answers. */
    private static boolean changes(String customerId, int generation) {
        return generation > 0 && !customerId.equals("12345") && Scenario.of(customerId) == Scenario.NONE;
    }

    private static int hash(String text, int modulus) {
        return Math.floorMod(text.hashCode(), modulus);
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
