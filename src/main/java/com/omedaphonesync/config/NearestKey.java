package com.omedaphonesync.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known name closest to a misspelt one, for "did you mean ...?". */
final class NearestKey {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private NearestKey() {
    }

    /** The candidate fewest edits away from {@code name}, ignoring case. */
    static String to(String name, Collection<String> candidates) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .min(Comparator.comparingInt((String known) -> DISTANCE.apply(wanted, known.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
    }
}
