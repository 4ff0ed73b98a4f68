package com.omedaphonesync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code camel.*} keys Camel Main binds, from the metadata camel-main ships
 * ({@code META-INF/camel-main-configuration-metadata.json}). Camel Main fails late on a misspelt option of a
 * group it knows ({@code camel.management.prot}) and silently ignores a misspelt group
 * ({@code camel.managment.port}); checking against this list catches both before anything starts.
 */
final class CamelKeys {
    private static final String METADATA = "META-INF/camel-main-configuration-metadata.json";
    /**
     * Prefixes under which Camel accepts open-ended names (components, beans, context options and the like),
     * lower-case without dashes: keys under them are left to Camel.
     */
    private static final List<String> OPEN_PREFIXES = List.of("camel.component.", "camel.dataformat.",
            "camel.language.", "camel.beans.", "camel.bean.", "camel.variable.", "camel.context.",
            "camel.globaloptions.", "camel.routetemplate", "camel.devconsole.", "camel.kamelet.", "camel.jbang.");

    /** Read by Camel Main itself rather than bound, so absent from the metadata. */
    private static final List<String> MAIN_LOCATIONS = List.of("camel.main.initial-properties-location",
            "camel.main.override-properties-location", "camel.main.property-placeholder-location");

    private static final CamelKeys INSTANCE = load();

    /** In the kebab-case the docs use ({@code camel.main.shutdown-timeout}), for suggestions. */
    private final Set<String> names = new TreeSet<>();
    /** Lower-case without dashes, as Camel matches them. */
    private final Set<String> normalized = new TreeSet<>();
    /** Options that are maps: any key below them is theirs. */
    private final List<String> mapPrefixes = new ArrayList<>();

    static CamelKeys get() {
        return INSTANCE;
    }

    private static CamelKeys load() {
        try (InputStream in = CamelKeys.class.getClassLoader().getResourceAsStream(METADATA)) {
            if (in == null) {
                throw new IllegalStateException(METADATA + " is not on the class path (camel-main missing?)");
            }
            JsonNode metadata = new ObjectMapper().readTree(in);
            CamelKeys keys = new CamelKeys();
            MAIN_LOCATIONS.forEach(name -> {
                keys.names.add(name);
                keys.normalized.add(normalize(name));
            });
            metadata.get("properties").forEach(property -> {
                String name = property.get("name").asText();
                keys.names.add(kebab(name));
                keys.normalized.add(normalize(name));
                if ("object".equals(property.path("type").asText())) {
                    keys.mapPrefixes.add(normalize(name) + ".");
                }
            });
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Camel Main would bind {@code key}, or leaves it to a component, bean or the like. */
    boolean isKnown(String key) {
        String wanted = normalize(key);
        return normalized.contains(wanted) || mapPrefixes.stream().anyMatch(wanted::startsWith)
                || OPEN_PREFIXES.stream().anyMatch(wanted::startsWith);
    }

    Set<String> names() {
        return names;
    }

    /** {@code camel.main.shutdownTimeout} as {@code camel.main.shutdown-timeout}. */
    static String kebab(String name) {
        StringBuilder kebab = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && name.charAt(i - 1) != '.') {
                    kebab.append('-');
                }
                kebab.append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "");
    }
}
