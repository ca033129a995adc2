package ru.rabota.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's Configuration tables against {@code config/application.properties}, where every default lives: a
 * key added to the file without a row, or a default changed in one place only, is what a new user reads wrong.
 */
class ConfigurationDocumentedTest {

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Test
    void everyBridgeKeyOfTheDefaultsHasARowWithItsDefault() {
        Map<String, String> documented = documentedDefaults();
        Properties defaults = ProjectFiles.properties();
        List<String> wrong = new ArrayList<>();
        for (String key : defaults.stringPropertyNames()) {
            String value = defaults.getProperty(key).trim();
            if (!key.startsWith("bridge.")) {
                continue;
            }
            if (!documented.containsKey(key)) {
                wrong.add(key + ": no row in README's Configuration");
            } else if (!value.isEmpty() && documented.get(key) != null && !documented.get(key).equals(value)) {
                // an empty default is documented in words ("none", "done/ beside the inbox")
                wrong.add(key + ": " + value + " in the file, " + documented.get(key) + " in README");
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * The keys of the tables' first cells (a short name after a comma is the first key's sibling:
     * {@code bridge.feed.done}, {@code error}), each with the first code span of its default cell when the row names
     * one key, else null.
     */
    private static Map<String, String> documentedDefaults() {
        Map<String, String> documented = new HashMap<>();
        for (List<String> row : ProjectFiles.tableRows(ProjectFiles.section(ProjectFiles.README,
                "## Configuration"))) {
            List<String> keys = new ArrayList<>();
            Matcher names = CODE.matcher(row.get(0));
            while (names.find()) {
                String name = names.group(1);
                keys.add(name.contains(".") || keys.isEmpty() ? name
                        : keys.get(0).substring(0, keys.get(0).lastIndexOf('.') + 1) + name);
            }
            Matcher value = CODE.matcher(row.size() > 1 ? row.get(1) : "");
            String first = keys.size() == 1 && value.find() ? value.group(1) : null;
            keys.forEach(key -> documented.put(key, first));
        }
        return documented;
    }
}
