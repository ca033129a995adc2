package ru.rabota.bridge.command;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.kafka.Topic;

/**
 * The command topics {@link KafkaCommands} serves: the route that carries out a record of each, where its results
 * go, and which result field keys them (else the record's key).
 */
public enum CommandTopic {
    APPLICATIONS(Topic.APPLICATIONS_COMMANDS, "direct:application-status-command", Topic.APPLICATIONS_RESULTS,
            "application_id"),
    VAS(Topic.VAS_COMMANDS, "direct:vas-command", Topic.VAS_RESULTS, "request_id"),
    CANDIDATES(Topic.CANDIDATES_COMMANDS, "direct:candidates-command", Topic.CANDIDATES_RESULTS, "request_id"),
    // one result per job: keyed by the job's external_id, else its VK id; the user's own background by "user", as
    // the results of uploads are
    BACKGROUNDS(Topic.BACKGROUNDS_COMMANDS, "direct:backgrounds-command", Topic.BACKGROUNDS_RESULTS, "external_id",
            "job_id", "user");

    private final Topic commands;
    private final String handler;
    private final Topic results;
    private final List<String> keyFields;

    CommandTopic(Topic commands, String handler, Topic results, String... keyFields) {
        this.commands = commands;
        this.handler = handler;
        this.results = results;
        this.keyFields = List.of(keyFields);
    }

    /** The command topic a record came from, by its name with the given prefix. */
    public static Optional<CommandTopic> of(String topicName, String prefix) {
        return Arrays.stream(values()).filter(topic -> topic.commands.topicName(prefix).equals(topicName)).findFirst();
    }

    public String handler() {
        return handler;
    }

    public Topic results() {
        return results;
    }

    /** The first key field the result has (a flag true: the field's name), else the record's key. */
    public String resultKey(JsonNode result, String recordKey) {
        return keyFields.stream().map(field -> result.path(field).isBoolean()
                ? (result.path(field).booleanValue() ? field : null) : result.path(field).asText(null))
                .filter(key -> key != null).findFirst().orElse(recordKey);
    }
}
