package com.omedaphonesync.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keys nothing reads. A misspelt {@code omeda.*} or {@code camel.*} key would otherwise leave its default in
 * force without a word (a nightly refresh that never runs): in a file or on the command line it is a
 * configuration error. The environment also carries other programs' variables, so an unknown {@code OMEDA_*}
 * variable only earns a warning. Only names are ever shown, never values: a misspelt key may hold the app id.
 * The known {@code omeda.*} keys are exactly {@link Key}'s.
 */
final class UnknownKeys {
    private static final String OMEDA = "omeda.";
    private static final String CAMEL = "camel.";
    private static final String OMEDA_ENV = "OMEDA_";

    private UnknownKeys() {
    }

    /** One problem line per unknown key of a file or the command line ({@code where} says which). */
    static List<String> in(Set<?> keys, String where) {
        List<String> problems = new ArrayList<>();
        for (Object item : keys) {
            String key = item.toString();
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith(OMEDA) && !isOmedaKey(key)) {
                problems.add(unknown(key, where, NearestKey.to(key, omedaKeys())));
            } else if (lower.startsWith(CAMEL) && !CamelKeys.get().isKnown(key)) {
                problems.add(unknown(key, where, NearestKey.to(key, CamelKeys.get().names())));
            }
        }
        return problems;
    }

    /** One warning per {@code OMEDA_*} variable that is no key's. */
    static List<String> inEnvironment(Map<String, String> environment) {
        List<String> variables = Arrays.stream(Key.values()).map(Key::environmentVariable).toList();
        return environment.keySet().stream().filter(name -> name.startsWith(OMEDA_ENV))
                .filter(name -> !variables.contains(name)).sorted()
                .map(name -> "The environment variable " + name + " is not a configuration key and is ignored;"
                        + " did you mean " + NearestKey.to(name, variables) + "?")
                .toList();
    }

    private static boolean isOmedaKey(String key) {
        return Arrays.stream(Key.values()).anyMatch(known -> known.property().equals(key));
    }

    private static List<String> omedaKeys() {
        return Arrays.stream(Key.values()).map(Key::property).toList();
    }

    private static String unknown(String key, String where, String nearest) {
        return key + " (" + where + ") is not a known key; did you mean " + nearest + "?";
    }
}
