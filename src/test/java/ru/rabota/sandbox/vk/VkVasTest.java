package ru.rabota.sandbox.vk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VkVasTest extends VkSimulatorTestSupport {

    @Test
    void theCompanyShowsBalanceInKopecksAndItsLimits() throws Exception {
        JsonNode company = get("/company").body().path("data");

        assertThat(company.path("id").asText()).isEqualTo("1");
        assertThat(company.path("type").asText()).isEqualTo("company");
        JsonNode attributes = company.path("attributes");
        assertThat(attributes.path("balance").asText()).isEqualTo("10000000.0");
        assertThat(attributes.path("otvas_refreshes_limit").asInt()).isEqualTo(1);
        assertThat(attributes.path("otvas_views_limit").asInt()).isEqualTo(1);
        assertThat(attributes.has("otvas_elevations_3d_limit")).isTrue();
        assertThat(attributes.path("otvas_expires_at").isNull()).isTrue();
    }

    @Test
    void actionsSucceedWhileLimitAndMoneyLastThenFailInsideA200() throws Exception {
        long job = sim.state().addJob("Курьер", "HR-1").id();
        sim.state().setLimit("otvas_highlights_limit", 1);
        sim.state().setBalance("30000.0");
        String highlight = "{\"action\":\"job_highlight\", \"job_id\": \"" + job + "\"}";

        Answer answer = post("/paid_actions", "{\"actions\":[" + highlight + "," + highlight + "," + highlight + "]}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.body().path("data");
        assertThat(data).extracting(item -> item.at("/attributes/status").asText())
                .containsExactly("success", "success", "failed");
        assertThat(data.path(2).at("/attributes/error_message").asText()).isEqualTo("Недостаточно средств");
        assertThat(data.path(0).at("/attributes/error_message").isNull()).isTrue();
        assertThat(data.path(0).path("id").asText()).isEqualTo("0");
        assertThat(data.path(0).at("/attributes/origin/action").asText()).isEqualTo("job_highlight");
        assertThat(data.path(0).at("/attributes/origin/count").asInt()).isEqualTo(1);
        assertThat(data.path(0).at("/attributes/origin/job_id").asText()).isEqualTo(Long.toString(job));
        assertThat(data.path(0).at("/attributes/job/data/attributes/highlighted").asBoolean()).isTrue();
        JsonNode company = answer.body().at("/meta/company/data/attributes");
        assertThat(company.path("balance").asText()).isEqualTo("0.0");
        assertThat(company.path("otvas_highlights_limit").asInt()).isZero();
        assertThat(sim.state().transactions()).extracting(VkTransaction::subscriptableType)
                .containsExactly("OTVAS", "MVAS");
    }

    @Test
    void eachActionFailsOnItsOwn() throws Exception {
        VkJob closed = sim.state().addJob("Закрытая", "HR-2");
        sim.state().closeJob(closed.id(), "closed_found");

        Answer answer = post("/paid_actions", """
                {"actions":[{"action":"job_refresh","job_id":"424242"},{"action":"teleport","job_id":"1"},
                 {"action":"job_refresh","job_id":"%d"},{"action":"contact_view","user_id":"777"},
                 {"action":"elevation_plus","job_id":"%d"}]}""".formatted(closed.id(), closed.id()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("data")).extracting(item -> item.at("/attributes/error_message").asText())
                .containsExactly("Вакансия не найдена", "Неизвестное действие", "Вакансия не опубликована",
                        "Кандидат не найден", "Вакансия не опубликована");
        assertThat(answer.body().at("/meta/company/data/attributes/balance").asText()).isEqualTo("10000000.0");
        assertThat(sim.state().transactions()).isEmpty();
    }

    @Test
    void publishingThroughPaidActionsRevivesAClosedJob() throws Exception {
        VkJob job = sim.state().addJob("Курьер", "HR-3");
        sim.state().closeJob(job.id(), "closed_irrelevant");

        Answer answer = post("/paid_actions",
                "{\"actions\":[{\"action\":\"job_publication\",\"job_id\":" + job.id() + "}]}");

        assertThat(answer.body().at("/data/0/attributes/status").asText()).isEqualTo("success");
        assertThat(answer.body().at("/data/0/attributes/job/data/attributes/status").asText()).isEqualTo("active");
        assertThat(answer.body().at("/meta/company/data/attributes/balance").asText()).isEqualTo("9970000.0");
    }

    @Test
    void contactViewBuysTheContactOnceAndShowsThePhone() throws Exception {
        VkCandidate candidate = sim.state().addCandidate(VkCandidate.builder().phone("75345345345"));
        sim.state().setLimit("otvas_views_limit", 0);
        String buy = "{\"actions\":[{\"action\":\"contact_view\", \"user_id\": \"" + candidate.id() + "\"}]}";

        Answer first = post("/paid_actions", buy);
        Answer second = post("/paid_actions", buy);

        JsonNode item = first.body().at("/data/0/attributes");
        assertThat(item.path("status").asText()).isEqualTo("success");
        assertThat(item.at("/origin/price").asInt()).isEqualTo(1500);
        assertThat(item.at("/origin/region_id").asInt()).isEqualTo(77);
        assertThat(item.at("/origin/user_id").asText()).isEqualTo(Long.toString(candidate.id()));
        assertThat(item.path("job").isNull()).isTrue();
        assertThat(item.at("/user/data/type").asText()).isEqualTo("candidate");
        assertThat(item.at("/user/data/attributes/phone").asText()).isEqualTo("75345345345");
        assertThat(item.at("/user/data/attributes/city_name").asText()).isEqualTo("Москва");
        assertThat(first.body().at("/meta/company/data/attributes/balance").asText()).isEqualTo("9850000.0");
        assertThat(second.body().at("/data/0/attributes/status").asText()).isEqualTo("success");
        assertThat(second.body().at("/meta/company/data/attributes/balance").asText()).isEqualTo("9850000.0");
        assertThat(sim.state().contactBought(candidate.id())).isTrue();
    }

    @Test
    void theBonusAccountIsSeparateAndEmptyByDefault() throws Exception {
        long job = sim.state().addJob("Курьер", "HR-4").id();

        Answer answer = post("/paid_actions", "{\"use_account\":\"bonus\",\"actions\":[{\"action\":\"job_highlight\","
                + "\"job_id\":\"" + job + "\"}]}");

        assertThat(answer.body().at("/data/0/attributes/status").asText()).isEqualTo("failed");
        assertThat(answer.body().at("/meta/company/data/attributes/balance").asText()).isEqualTo("10000000.0");
    }

    @Test
    void malformedBatchesAreRefusedWhole() throws Exception {
        Answer noActions = post("/paid_actions", "{\"actions\":[]}");
        Answer badAccount = post("/paid_actions", "{\"use_account\":\"piggy\",\"actions\":[{\"action\":\"job_refresh\"}]}");

        assertThat(noActions.status()).isEqualTo(422);
        assertThat(badAccount.status()).isEqualTo(422);
    }

    @Test
    void transactionsArePagedWithTheirTotal() throws Exception {
        long job = sim.state().addJob("Курьер", "HR-5").id();
        String refresh = "{\"action\":\"job_refresh\", \"job_id\": \"" + job + "\"}";
        post("/paid_actions", "{\"actions\":[" + refresh + "," + refresh + "," + refresh + "]}");

        Answer page = get("/vas_transactions?page%5Bnumber%5D=2&page%5Bsize%5D=2");

        assertThat(page.body().at("/meta/total").asInt()).isEqualTo(3);
        JsonNode transaction = page.body().path("data").path(0);
        assertThat(page.body().path("data")).hasSize(1);
        assertThat(transaction.path("id").asText()).isEqualTo("3");
        assertThat(transaction.path("type").asText()).isEqualTo("vas_transaction");
        assertThat(transaction.at("/attributes/subscriptable_type").asText()).isEqualTo("MVAS");
        assertThat(transaction.at("/attributes/creator").asText()).isEqualTo("Внешний пользователь(sandbox) #888");
        assertThat(transaction.at("/attributes/applied_changes/0").asText()).isEqualTo("Поднятие вакансии: -1");
        assertThat(get("/vas_transactions").body().at("/data/0/attributes/subscriptable_type").asText())
                .isEqualTo("OTVAS");
    }
}
