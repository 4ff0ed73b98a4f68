package com.omedaphonesync.records;

import java.util.regex.Pattern;

/**
 * One customer id as a source delivered it, with the brand to look it up under and where it came from
 * ({@code file:NAME}, {@code queue} or {@code timer}).
 */
public record IdRequest(String customerId, String brand, String source) {

    /** Plain numeric ids and Omeda's encrypted ids. */
    public static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    public static final Pattern BRAND = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** True when both parts can go into Omeda's URL path as they are. */
    public boolean isValid() {
        return CUSTOMER_ID.matcher(customerId).matches() && BRAND.matcher(brand).matches();
    }

    /** The key under which a repeated id within one file or message is recognised. */
    public String dedupKey() {
        return brand + '/' + customerId;
    }
}
