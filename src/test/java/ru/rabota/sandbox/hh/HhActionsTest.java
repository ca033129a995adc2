package ru.rabota.sandbox.hh;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Actions on a negotiation: carried out, or refused with hh.ru's own errors. */
class HhActionsTest extends HhSimulatorTestSupport {

    private static final String VACANCY = "123456";
    private static final String WRONG_STATE = "{\"errors\":[{\"type\":\"negotiations\",\"value\":\"wrong_state\"}]}";

    private HhNegotiation negotiation;

    @BeforeEach
    void start() throws Exception {
        negotiation = simulator.addResponse(VACANCY, HhResume.of("abc", "Иван", "Петров", "Кладовщик"));
        client.getJson("/negotiations/" + negotiation.id());
    }

    @Test
    void anInvitationWithAMessageMovesTheNegotiationAndTellsTheCandidate() throws Exception {
        HttpResponse<String> answer = client.putForm(url("interview"), "message=%D0%96%D0%B4%D1%91%D0%BC&send_sms=true");
        HhNegotiation moved = simulator.negotiation(negotiation.id());

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(moved.collection()).isEqualTo("interview");
        assertThat(moved.employerStateId()).isEqualTo("interview");
        assertThat(moved.stateId()).isEqualTo("invitation");
        assertThat(moved.hasUpdates()).isTrue();
        assertThat(simulator.negotiations(VACANCY, "interview")).extracting(HhNegotiation::id)
                .containsExactly(negotiation.id());
        assertThat(simulator.executedActions()).containsExactly(new HhExecutedAction(negotiation.id(), "interview",
                "PUT", Map.of("message", "Ждём", "send_sms", "true"), "response", "interview"));
    }

    @Test
    void anActionWithoutMessageKeepsTheCandidatesStateAndADiscardWithOneIsADiscard() throws Exception {
        assertThat(client.putForm(url("consider"), "").statusCode()).isEqualTo(204);
        assertThat(simulator.negotiation(negotiation.id()).stateId()).isEqualTo("response");

        assertThat(client.putForm(url("discard_by_employer"), "message=no").statusCode()).isEqualTo(204);
        HhNegotiation discarded = simulator.negotiation(negotiation.id());
        assertThat(discarded.collection()).isEqualTo("discard_by_employer");
        assertThat(discarded.stateId()).isEqualTo("discard");
    }

    @Test
    void refusals() throws Exception {
        assertRefused(client.putForm(url("hired"), "message=x"), 403, WRONG_STATE);
        assertRefused(client.putForm(url("offer"), "message=x"), 403, WRONG_STATE);
        assertRefused(client.form("POST", url("interview"), "message=x"), 405,
                "{\"errors\":[{\"type\":\"method_not_allowed\"}]}");
        assertRefused(client.putForm(url("interview"), ""), 400,
                "{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"message\"}]}");
        assertRefused(client.putForm(url("consider"), "send_sms=true"), 400,
                "{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"message\"}]}");
        assertRefused(client.putForm(url("consider"), "message=x&send_sms=maybe"), 400,
                "{\"errors\":[{\"type\":\"bad_argument\",\"value\":\"send_sms\"}]}");
        assertRefused(client.putForm(url("interview"), "message=+"), 403,
                "{\"errors\":[{\"type\":\"negotiations\",\"value\":\"empty_message\"}]}");
        assertRefused(client.putForm("/negotiations/consider/42", ""), 404, "{\"errors\":[{\"type\":\"not_found\"}]}");
        simulator.archiveVacancy(VACANCY);
        assertRefused(client.putForm(url("consider"), ""), 403,
                "{\"errors\":[{\"type\":\"negotiations\",\"value\":\"invalid_vacancy\"}]}");

        assertThat(simulator.executedActions()).isEmpty();
        assertThat(simulator.negotiation(negotiation.id())).isEqualTo(negotiation.viewed());
    }

    @Test
    void theOfferIsEnabledAfterAnInterview() throws Exception {
        simulator.changeEmployerState(negotiation.id(), "interview");

        assertThat(client.putForm(url("offer"), "").statusCode()).isEqualTo(204);
        assertThat(client.putForm(url("interview"), "message=again").statusCode()).isEqualTo(403);
    }

    @Test
    void edition2015MovesByStatus() throws Exception {
        try (HhSimulator old = new HhSimulator(new HhSimulatorConfig()
                .edition(HhSimulatorConfig.Edition.EDITION_2015)).start()) {
            HhTestClient oldClient = new HhTestClient(old);
            HhNegotiation inbox = old.addResponse(VACANCY, null);
            String invited = "/negotiations/invited/" + inbox.id();

            assertThat(oldClient.putForm(invited, "message=hello").statusCode()).isEqualTo(204);
            assertThat(old.negotiation(inbox.id()).collection()).isEqualTo("invited");
            assertThat(old.negotiation(inbox.id()).stateId()).isEqualTo("invitation");
            assertRefused(oldClient.putForm(invited, ""), 403, WRONG_STATE);
            assertRefused(oldClient.putForm("/negotiations/interview/" + inbox.id(), ""), 403, WRONG_STATE);
            assertThat(oldClient.form("POST", "/negotiations/discard/" + inbox.id(), "").statusCode()).isEqualTo(405);
            assertThat(oldClient.putForm("/negotiations/discard/" + inbox.id(), "").statusCode()).isEqualTo(204);
            assertThat(old.negotiation(inbox.id()).collection()).isEqualTo("discarded");
        }
    }

    private String url(String action) {
        return "/negotiations/" + action + "/" + negotiation.id();
    }

    private static void assertRefused(HttpResponse<String> answer, int status, String body) {
        assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(status);
        assertThat(answer.body()).isEqualTo(body);
    }
}
