package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.MalformedCommandException;
import ru.rabota.bridge.jsonapi.ApiExamples;

/**
 * A status command against the actions of today's documented negotiation (employer-negotiations-2024.md):
 * {@code invitation} (message required; send_sms and address_id need a message), {@code hold} (no state change).
 */
class HhActionsTest {

    private static final HhLinks LINKS = new HhLinks("https://api.hh.ru");

    private final ArrayNode actions = (ArrayNode) ApiExamples.hh("today/negotiations.json")
            .path("items").path(0).path("actions");

    @Test
    void anActionIsNamedByItsIdOrByTheEmployerStateItLeadsTo() {
        assertThat(HhActions.choose(actions, "hold")).map(a -> a.path("id").asText()).contains("hold");
        ((ObjectNode) actions.get(0)).put("id", "invite");
        assertThat(HhActions.choose(actions, "invitation")).map(a -> a.path("id").asText()).contains("invite");
        assertThat(HhActions.choose(actions, "hired")).isEmpty();
    }

    @Test
    void aDisabledActionOfThatIdGivesWayToAnEnabledOneLeadingToThatState() throws Exception {
        JsonNode offered = new ObjectMapper().readTree("""
                [{"id":"interview","enabled":false,"resulting_employer_state":{"id":"interview"}},
                 {"id":"invite_to_interview","enabled":true,"resulting_employer_state":{"id":"interview"}},
                 {"id":"discard","enabled":false,"resulting_employer_state":{"id":"discard_by_employer"}}]""");

        assertThat(HhActions.choose(offered, "interview")).map(a -> a.path("id").asText())
                .contains("invite_to_interview");
        // none enabled: the one named, whose refusal says so
        assertThat(HhActions.choose(offered, "discard")).map(a -> a.path("id").asText()).contains("discard");
    }

    @Test
    void theDocumentedArgumentsGoAsAFormAndNothingElse() {
        ObjectNode command = command("""
                {"application_id":"hh:123456789","status":"invitation","message":"Ждём вас","send_sms":true,
                 "request_id":"r-9","comment":"not an argument"}""");

        assertThat(HhActions.refusal(actions.get(0), command, LINKS)).isNull();
        assertThat(HhActions.arguments(actions.get(0), command))
                .isEqualTo(Map.of("message", "Ждём вас", "send_sms", "true"));
    }

    /**
     * {@code resume_id} and {@code vacancy_id}, arguments hh.ru's schema names, come from the negotiation read when
     * the command has none (the document: the application fills the arguments); a command's own value wins. Before,
     * an action requiring one was refused as missing it, though the negotiation held both.
     */
    @Test
    void theResumeAndVacancyAnActionAsksForComeFromTheNegotiation() {
        ObjectNode hold = ((ObjectNode) actions.get(1));
        hold.putArray("arguments").addObject().put("id", "resume_id").put("required", true)
                .putArray("required_arguments");
        ((ArrayNode) hold.get("arguments")).addObject().put("id", "vacancy_id").put("required", false)
                .putArray("required_arguments");
        ObjectNode negotiation = ApiExamples.hh("today/negotiations.json").path("items").path(0).deepCopy();
        negotiation.putObject("vacancy").put("id", "123456");
        String resume = negotiation.path("resume").path("id").asText();
        String vacancy = "123456";

        ObjectNode given = HhActions.given(CommandJson.parse("{\"status\":\"hold\"}"), negotiation);

        assertThat(resume).isNotBlank();
        assertThat(HhActions.refusal(hold, given, LINKS)).isNull();
        assertThat(HhActions.arguments(hold, given)).isEqualTo(Map.of("resume_id", resume, "vacancy_id", vacancy));
        assertThat(HhActions.arguments(hold, HhActions.given(
                CommandJson.parse("{\"status\":\"hold\",\"vacancy_id\":\"77\"}"), negotiation)))
                .containsEntry("vacancy_id", "77");
        assertThat(HhActions.refusal(hold, command("{\"status\":\"hold\"}"), LINKS))
                .isEqualTo("bad_argument: resume_id; resume_id: missing, hh.ru's action \"hold\" requires it");
    }

    @Test
    void aMissingMessageADisabledActionAndAForeignUrlAreRefusedBeforeAnyCall() {
        assertThat(HhActions.refusal(actions.get(0), command("{\"status\":\"invitation\"}"), LINKS))
                .isEqualTo("negotiations: empty_message; message: missing, hh.ru's action \"invitation\" requires it");
        ((ObjectNode) actions.get(0).path("arguments").get(0)).put("required", false);
        assertThat(HhActions.refusal(actions.get(0), command("{\"status\":\"invitation\",\"address_id\":\"7\"}"),
                LINKS)).isEqualTo("negotiations: empty_message; message: missing, hh.ru's action \"invitation\" requires"
                + " it with address_id");

        ((ObjectNode) actions.get(1)).put("enabled", false);
        assertThat(HhActions.refusal(actions.get(1), command("{\"status\":\"hold\"}"), LINKS))
                .isEqualTo("negotiations: wrong_state; status: hh.ru's action \"hold\" is not enabled for this"
                        + " negotiation now");

        ((ObjectNode) actions.get(1)).put("enabled", true).put("url", "https://evil.example.com/negotiations/hold/1");
        assertThat(HhActions.refusal(actions.get(1), command("{\"status\":\"hold\"}"), LINKS))
                .startsWith("status: hh.ru's action \"hold\" points at https://evil.example.com/negotiations/hold/1");
    }

    /**
     * A required argument given as a list or an object is of a wrong type, a dead letter naming it (README "Status of
     * an hh.ru negotiation"); before, it read as absent and the command was rejected as missing its message.
     */
    @Test
    void aRequiredArgumentGivenAsAListIsOfAWrongTypeNotMissing() {
        ObjectNode command = command("{\"status\":\"invitation\",\"message\":[\"Ждём вас\"]}");

        assertThat(HhActions.refusal(actions.get(0), command, LINKS)).isNull();
        assertThatThrownBy(() -> HhActions.arguments(actions.get(0), command))
                .isInstanceOf(MalformedCommandException.class)
                .hasMessage("message: [\"Ждём вас\"] is not a single value, as hh.ru's action \"invitation\" takes it");
    }

    @Test
    void anUnknownStatusListsTheEnabledActions() {
        assertThat(HhActions.unknown(actions, "hired", "123456789")).isEqualTo("negotiations: wrong_state; status:"
                + " \"hired\" is neither an action nor a resulting employer state of hh.ru negotiation 123456789; its enabled actions:"
                + " invitation (to invitation), hold");
    }

    @Test
    void bothEditionsOfTheCollectionsAnswerAreReadAndGeneratedCollectionsNever() {
        HhNegotiationsPoll poll = new HhNegotiationsPoll(50, Duration.ofMinutes(5), LINKS, () -> null, id -> null);

        assertThat(poll.collections(ApiExamples.hh("today/collections.json"), "123456"))
                .extracting(HhCollection::id).containsExactly("somecollection", "anothercollection");
        assertThat(poll.collections(ApiExamples.hh("collections.json"), "123456"))
                .extracting(HhCollection::id).containsExactly("inbox", "invited");
        JsonNode neither = ApiExamples.hh("today/collections.json").deepCopy();
        ((ObjectNode) neither).remove(List.of("collections", "states"));
        try (LogCapture logs = new LogCapture()) {
            assertThat(poll.collections(neither, "123456")).isEmpty();
            assertThat(poll.collections(neither, "123456")).isEmpty();
            assertThat(poll.collections(ApiExamples.hh("collections.json"), "123456")).hasSize(2);

            // one line when it starts, one when it ends, not one per poll
            assertThat(logs.lines("WARN", "hh.ru vacancy 123456: the collections answer has neither")).isOne();
            assertThat(logs.lines("INFO", "hh.ru vacancy 123456: the collections answer lists them again, after 2"
                    + " polls")).isOne();
        }
    }

    /** The values a command gives a negotiation without resume or vacancy ({@link HhActions#given}). */
    private static ObjectNode command(String json) {
        return HhActions.given(CommandJson.parse(json), NullNode.getInstance());
    }
}
