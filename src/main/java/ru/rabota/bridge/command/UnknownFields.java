package ru.rabota.bridge.command;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.properties.UnknownProperties;

/**
 * The top-level fields of a command that the bundle does not read: a misspelt one ({@code "bords": ["hh"]}) left the
 * command to do something else (publish to the default boards) without a word. One WARN line per field name and
 * process, naming the field it is closest to; unknown fields are otherwise allowed (a producer may add its own).
 */
public final class UnknownFields {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownFields.class);
    /** Field names told of: a producer writing a new name into every command is told of once, not remembered more. */
    private static final int MAX_TOLD = 100;

    private final String commands;
    private final Set<String> known;
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /** @param commands "job commands": the start of each line */
    public UnknownFields(String commands, Set<String> known) {
        this.commands = commands;
        this.known = Set.copyOf(known);
    }

    public void check(JsonNode command) {
        command.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name) && told.size() < MAX_TOLD && told.add(name)) {
                LOG.warn("{} carry field \"{}\", which the bundle does not read: it is ignored{} (one line per field"
                        + " name)", commands, LogText.cut(name), UnknownProperties.closest(name, known)
                                .map(closest -> "; did you mean \"" + closest + "\"?").orElse(""));
            }
        });
    }
}
