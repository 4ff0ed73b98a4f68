package com.omedaphonesync.records;

import java.util.regex.Pattern;

/**
 * One customer id as a source delivered it, with the brand to look it up under and where it came from
 * ({@code file:NAME}, {@code queue} or {@code timer}), and what was wrong with its line when the reader saw
 * more than the id shows (bytes that were not UTF-8, a line cut short); null when nothing was.
 */
public record IdRequest(String customerId, String brand, String source, String lineProblem) {

    public IdRequest(String customerId, String brand, String source) {
        this(customerId, brand, source, null);
    }

    /** Plain numeric ids and Omeda's encrypted ids. */
    public static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    public static final Pattern BRAND = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** True when both parts can go into Omeda's URL path as they are. */
    public boolean isValid() {
        return CUSTOMER_ID.matcher(customerId).matches() && BRAND.matcher(brand).matches();
    }

    /** Why {@link #isValid()} is false, in a few words for the dead letter's {@code detail}; null when valid. */
    public String invalidity() {
        if (lineProblem != null) {
            return lineProblem;
        }
        if (!BRAND.matcher(brand).matches()) {
            return brand.isEmpty() ? "no brand: set omeda.brand or give a brand column"
                    : "the brand is not valid (letters, digits, '_' and '-', at most 32); the customer id is "
                            + (CUSTOMER_ID.matcher(customerId).matches() ? "fine" : "not valid either");
        }
        if (customerId.isEmpty()) {
            return "no customer id";
        }
        if (customerId.length() > 64) {
            return "the customer id is " + customerId.length() + "+ characters long (at most 64)";
        }
        return CUSTOMER_ID.matcher(customerId).matches() ? null
                : "the customer id has characters other than letters and digits";
    }

    /** The key under which a repeated id within one file or message is recognised. */
    public String dedupKey() {
        return brand + '/' + customerId;
    }
}
