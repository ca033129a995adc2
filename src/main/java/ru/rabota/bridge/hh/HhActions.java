package ru.rabota.bridge.hh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.log.LogText;

/**
 * The {@code actions[]} of a negotiation in today's hh.ru answers (employer-negotiations-2024.md): which one a status
 * command means, whether it may be called, and the form it is called with. Each action has {@code id},
 * {@code enabled}, {@code method}, {@code url}, {@code resulting_employer_state} (null when it changes no state) and
 * {@code arguments[]} ({@code id}, {@code required}, {@code required_arguments[].id}).
 */
final class HhActions {

    /**
     * The bundle's own refusals lead with the hh.ru error they stand for ({@code type: value}, as hh.ru's own refusals
     * are written), so that a consumer reads one vocabulary whether hh.ru was asked or not.
     */
    private static final String WRONG_STATE = "negotiations: wrong_state; ";

    private HhActions() {
    }

    /**
     * The enabled action whose {@code id} equals the status, else an enabled one whose
     * {@code resulting_employer_state.id} does; with none enabled, the first that matches (its refusal says it is
     * not enabled now).
     */
    static Optional<JsonNode> choose(JsonNode actions, String status) {
        List<JsonNode> byId = new ArrayList<>();
        List<JsonNode> byState = new ArrayList<>();
        actions.forEach(action -> {
            if (status.equals(action.path("id").asText())) {
                byId.add(action);
            } else if (status.equals(action.path("resulting_employer_state").path("id").asText())) {
                byState.add(action);
            }
        });
        List<JsonNode> matching = new ArrayList<>(byId);
        matching.addAll(byState);
        return matching.stream().filter(HhActions::enabled).findFirst().or(() -> matching.stream().findFirst());
    }

    private static String missingType(String argument) {
        return argument.equals("message") ? "negotiations: empty_message; " : "bad_argument: " + argument + "; ";
    }

    /**
     * The values an action's arguments are taken from: the command's fields, and {@code resume_id} and
     * {@code vacancy_id} from the negotiation when the command has none (the document: the application fills the
     * arguments; hh.ru's list of them names these two, which the negotiation read holds).
     */
    static ObjectNode given(CommandJson command, JsonNode negotiation) {
        ObjectNode given = command.tree().deepCopy();
        Map.of("resume_id", negotiation.path("resume").path("id"), "vacancy_id",
                negotiation.path("vacancy").path("id")).forEach((name, id) -> {
                    if (absent(given, name) && id.isValueNode() && !id.asText().isBlank()) {
                        given.put(name, id.asText());
                    }
                });
        return given;
    }

    /** Why the chosen action cannot be called with these values ({@link #given}), or null when it can. */
    static String refusal(JsonNode action, ObjectNode command, HhLinks links) {
        String id = action.path("id").asText();
        if (!enabled(action)) {
            return WRONG_STATE + "status: hh.ru's action \"" + id + "\" is not enabled for this negotiation now";
        }
        if (action.path("method").asText("").isEmpty() || links.follow(action.path("url").asText(null)).isEmpty()) {
            return "status: hh.ru's action \"" + id + "\" points at " + action.path("url").asText("no url")
                    + ", not at bridge.hh.base-url; it was not called";
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode argument : action.path("arguments")) {
            String name = argument.path("id").asText();
            if (argument.path("required").asBoolean(false) && absent(command, name)) {
                missing.add(missingType(name) + name + ": missing, hh.ru's action \"" + id + "\" requires it");
            } else if (!absent(command, name)) {
                argument.path("required_arguments").forEach(needed -> {
                    String other = needed.path("id").asText();
                    if (absent(command, other)) {
                        missing.add(missingType(other) + other + ": missing, hh.ru's action \"" + id
                                + "\" requires it with " + name);
                    }
                });
            }
        }
        return missing.isEmpty() ? null : String.join("; ", missing.stream().distinct().toList());
    }

    /** The refusal of a status that names no action of the negotiation, listing those it offers now. */
    static String unknown(JsonNode actions, String status, String nid) {
        List<String> offered = new ArrayList<>();
        actions.forEach(action -> {
            if (enabled(action)) {
                String state = action.path("resulting_employer_state").path("id").asText("");
                offered.add(action.path("id").asText() + (state.isEmpty() ? "" : " (to " + state + ")"));
            }
        });
        return WRONG_STATE + "status: \"" + status + "\" is neither an action nor a resulting employer state of hh.ru"
                + " negotiation " + nid + "; its enabled actions: " + (offered.isEmpty() ? "none" : String.join(", ", offered));
    }

    /**
     * The values ({@link #given}) of the action's documented arguments, as form fields.
     *
     * @throws MalformedCommandException for an argument given as a list or an object (a form field takes one value)
     */
    static Map<String, Object> arguments(JsonNode action, ObjectNode command) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (JsonNode argument : action.path("arguments")) {
            String name = argument.path("id").asText();
            JsonNode value = command.path(name);
            if (value.isContainerNode()) {
                throw new MalformedCommandException(name + ": " + LogText.cut(value.toString())
                        + " is not a single value, as hh.ru's action \"" + action.path("id").asText()
                        + "\" takes it");
            }
            if (value.isValueNode() && !value.isNull()) {
                form.put(name, value.asText());
            }
        }
        return form;
    }

    private static boolean enabled(JsonNode action) {
        return action.path("enabled").asBoolean(false);
    }

    /** A list or an object is given, of a wrong type: {@link #arguments} names it, rather than calling it missing. */
    private static boolean absent(ObjectNode command, String field) {
        JsonNode value = command.path(field);
        return value.isMissingNode() || value.isNull() || value.isValueNode() && value.asText().isBlank();
    }
}
