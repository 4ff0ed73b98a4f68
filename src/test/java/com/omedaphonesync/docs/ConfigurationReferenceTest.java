package com.omedaphonesync.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.omedaphonesync.config.Key;

/**
 * docs/configuration.md lists exactly the keys the program knows ({@link Key}, the one list the configuration is
 * validated against), each with its environment variable and its default, and says which ones are secrets: a key
 * added to the code without a row, or a row left for a key that is gone, fails here.
 */
class ConfigurationReferenceTest {
    /** A table row whose first cell is an omeda.* key: | `key` | `VARIABLE` | default | meaning | */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(omeda\\.[^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|(.*)\\|\\s*$");

    @Test
    void theReferenceListsExactlyTheKeysTheProgramKnows() throws IOException {
        Map<String, String[]> rows = rows();
        List<String> known = Arrays.stream(Key.values()).map(Key::property).sorted().toList();

        assertThat(rows.keySet().stream().sorted().toList()).as("the omeda.* keys of docs/configuration.md")
                .isEqualTo(known);
    }

    @Test
    void eachRowGivesTheKeysVariableDefaultAndSecrecy() throws IOException {
        Map<String, String[]> rows = rows();
        SoftAssertions softly = new SoftAssertions();
        for (Key key : Key.values()) {
            String[] row = rows.get(key.property());
            if (row == null) {
                continue;
            }
            softly.assertThat(row[0].strip()).as("environment variable of %s", key.property())
                    .isEqualTo("`" + key.environmentVariable() + "`");
            String defaultValue = key.defaultValue();
            if (defaultValue != null && !defaultValue.isEmpty()) {
                softly.assertThat(row[1].strip()).as("default of %s", key.property())
                        .startsWith("`" + defaultValue + "`");
            } else {
                softly.assertThat(row[1].strip()).as("%s has no default value to show", key.property())
                        .doesNotStartWith("`");
            }
            softly.assertThat(row[1].contains("secret")).as("%s is marked secret exactly when it is one",
                    key.property()).isEqualTo(key.secret());
        }
        softly.assertAll();
    }

    private static Map<String, String[]> rows() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String[] previous = rows.put(row.group(1), new String[] {row.group(2), row.group(3), row.group(4)});
                assertThat(previous).as("%s is listed once", row.group(1)).isNull();
            }
        }
        return rows;
    }
}
