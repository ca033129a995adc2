package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.command.CommandJson;

/** VK's answer to {@code POST /paid_actions}, item by item, as the document writes it. */
class PaidActionsCallTest {

    private final PaidActionsCall call = new PaidActionsCall(new VasCommand("r-1", null, List.of(
            new VasCommand.Action("job_highlight", "1", null, null),
            new VasCommand.Action("contact_view", null, null, "5657"))), "vas.result");
    private final List<Charge> reserved = List.of(new Charge(VasCode.JOB_HIGHLIGHT, new BigDecimal("300")),
            new Charge(VasCode.CONTACT_VIEW, new BigDecimal("1500")));

    /**
     * Each item names the request it answers ({@code origin}): one answered in another order settles its own action.
     * Before, items were taken by position: the contact's 1500 was charged to the highlight and the highlight's
     * failure to the contact.
     */
    @Test
    void itemsAreTheirOriginsActionsWhateverTheirOrder() {
        PaidCall.Settlement settled = call.settle(answer(item("contact_view", "user_id", "5657", "success", 1500),
                item("job_highlight", "job_id", "1", "failed", 300)), reserved);

        assertThat(settled.result().path("results")).extracting(result -> result.path("action").asText() + " "
                + result.path("status").asText()).containsExactly("job_highlight failed", "contact_view success");
        assertThat(settled.spent()).containsExactly(new Charge(VasCode.CONTACT_VIEW, new BigDecimal("1500")));
        assertThat(settled.contacts()).containsExactly("5657");
    }

    /** An action the answer leaves out may have been charged: counted at its reservation, and said so. */
    @Test
    void anActionTheAnswerLeavesOutCountsAsReserved() {
        PaidCall.Settlement settled = call.settle(answer(item("contact_view", "user_id", "5657", "success", 1500)),
                reserved);

        assertThat(settled.result().path("results").get(0).path("error_message").asText())
                .startsWith("VK's answer does not list this action, it may have been charged");
        assertThat(settled.spent()).containsExactlyInAnyOrder(reserved.get(0),
                new Charge(VasCode.CONTACT_VIEW, new BigDecimal("1500")));
    }

    /**
     * The document lets an optional attribute be {@code null}: an item whose {@code origin} is null names no request,
     * as one without it, and is taken in the request's order. Before, it was left unmatched: a highlight VK carried
     * out was answered failed, "VK's answer does not list this action".
     */
    @Test
    void anItemWhoseOriginIsNullIsTakenInTheRequestsOrder() {
        PaidCall.Settlement settled = call.settle(answer(withoutOrigin("success"), withoutOrigin("failed")), reserved);

        assertThat(settled.result().path("outcome").asText()).isEqualTo("failed");
        assertThat(settled.result().path("results")).extracting(result -> result.path("action").asText() + " "
                + result.path("status").asText()).containsExactly("job_highlight success", "contact_view failed");
        assertThat(settled.result().path("detail").asText())
                .isEqualTo("1 of 2 actions failed: contact_view (candidate 5657): Недостаточно средств");
        assertThat(settled.spent()).containsExactly(reserved.get(0));
    }

    private static String withoutOrigin(String status) {
        return ("{\"id\":\"0\",\"type\":\"paid_action\",\"attributes\":{\"id\":0,\"error_message\":%s,"
                + "\"status\":\"%s\",\"origin\":null}}").formatted(
                        status.equals("success") ? "null" : "\"Недостаточно средств\"", status);
    }

    private static String item(String action, String target, String id, String status, int price) {
        return ("{\"id\":\"0\",\"type\":\"paid_action\",\"attributes\":{\"id\":0,\"error_message\":%s,\"status\":\"%s\","
                + "\"origin\":{\"action\":\"%s\",\"count\":1,\"%s\":\"%s\",\"price\":%d}}}").formatted(
                        status.equals("success") ? "null" : "\"Недостаточно средств\"", status, action, target, id,
                        price);
    }

    private static JsonNode answer(String... items) {
        return CommandJson.parse("{\"data\":[" + String.join(",", items) + "],\"meta\":{\"company\":{}}}").tree();
    }
}
