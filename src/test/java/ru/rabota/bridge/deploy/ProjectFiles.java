package ru.rabota.bridge.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the deployment files are checked against, read from the project's root (the tests' working folder): the
 * default properties, the README's sections and tables, YAML documents.
 */
final class ProjectFiles {

    static final Path README = Path.of("README.md");
    static final Path PROPERTIES = Path.of("config", "application.properties");

    private static final YAMLMapper YAML = new YAMLMapper();

    private ProjectFiles() {
    }

    /** The keys and defaults of {@code config/application.properties}. */
    static Properties properties() {
        return properties(read(PROPERTIES));
    }

    static Properties properties(String text) {
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The environment variable that sets a property, as Camel Main maps them ({@code BRIDGE_VK_LOGIN}). */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The environment variables that set the keys of {@code config/application.properties}. */
    static Set<String> propertyEnvironmentNames() {
        return properties().stringPropertyNames().stream().map(ProjectFiles::environmentName)
                .collect(Collectors.toSet());
    }

    /**
     * The lines of a Markdown section, from its heading (exactly as written, {@code "## Operations"}) to the next
     * heading of its level or above; lines of fenced code blocks are never taken for headings.
     */
    static List<String> section(Path markdown, String heading) {
        int level = heading.indexOf(' ');
        List<String> section = new ArrayList<>();
        boolean inside = false;
        boolean fenced = false;
        for (String line : read(markdown).split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (!fenced && line.startsWith("#")) {
                int lineLevel = line.indexOf(' ');
                if (inside && lineLevel > 0 && lineLevel <= level) {
                    break;
                }
                inside |= line.equals(heading);
            }
            if (inside) {
                section.add(line);
            }
        }
        if (section.isEmpty()) {
            throw new AssertionError(markdown + " has no section " + heading);
        }
        return section;
    }

    /** The rows of the Markdown tables among these lines, header and separator rows left out, cells trimmed. */
    static List<List<String>> tableRows(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        boolean header = true;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                header = true;
                continue;
            }
            if (header || line.matches("\\|[\\s|:-]+\\|")) {
                header = false;
                continue;
            }
            String inner = line.substring(1, line.lastIndexOf('|'));
            rows.add(Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList());
        }
        return rows;
    }

    /** Every YAML document of a file; a Kubernetes manifest holds one or more. */
    static List<JsonNode> yamlDocuments(Path file) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll().stream().filter(document -> document != null && !document.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
