package ru.rabota.sandbox.vk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VkReferenceAndPacketsTest extends VkSimulatorTestSupport {

    @Test
    void professionsAndRegionsArePlainListsUnderTheirKey() throws Exception {
        JsonNode professions = get("/professions").body().path("professions");
        JsonNode regions = get("/regions").body().path("regions");

        assertThat(professions.path(0).path("id").asInt()).isEqualTo(85);
        assertThat(professions.path(0).path("title").asText()).isEqualTo("актер");
        assertThat(professions).extracting(p -> p.path("id").asInt()).contains(93, 79, 87, 74, 3);
        assertThat(regions.path(1).path("name").asText()).isEqualTo("Москва");
        assertThat(regions.path(1).path("fias_id").asText()).isEqualTo("0c5b2444-70a0-4932-980c-b4dc0d3f02b5");
    }

    @Test
    void nationalitiesAndCitiesArePagedWithLinks() throws Exception {
        Answer all = get("/nationalities");
        Answer second = get("/cities?page%5Bnumber%5D=2&page%5Bsize%5D=2");

        assertThat(all.body().path("data")).hasSize(12);
        assertThat(all.body().at("/data/0/attributes/name").asText()).isEqualTo("Российская Федерация");
        assertThat(all.body().at("/links/first").asText()).isEqualTo(sim.baseUrl() + "/nationalities?page%5Bnumber%5D=1");
        assertThat(all.body().at("/links/last").asText()).isEqualTo(sim.baseUrl() + "/nationalities?page%5Bnumber%5D=1");
        assertThat(all.body().path("links").has("next")).isFalse();
        assertThat(second.body().at("/data/0/type").asText()).isEqualTo("city");
        assertThat(second.body().at("/data/0/attributes/region_id").isInt()).isTrue();
        assertThat(second.body().at("/links/next").asText()).endsWith("page%5Bnumber%5D=3&page%5Bsize%5D=2");
        assertThat(second.body().at("/links/prev").asText()).endsWith("page%5Bnumber%5D=1&page%5Bsize%5D=2");
    }

    @Test
    void packetsAreJsonWithTheDocumentsKeysAndTheCompanysLimits() throws Exception {
        sim.state().setLimit("otvas_jobs_limit", 10);

        JsonNode packets = get("/packets").body();
        JsonNode active = get("/packets?status=active").body();

        assertThat(packets.at("/meta/total").asInt()).isEqualTo(2);
        assertThat(active.path("packets")).hasSize(1);
        JsonNode step = active.at("/packets/0/current_step");
        assertThat(step.path("packet_type").asText()).isEqualTo("job_packet");
        assertThat(step.path("price").isNull()).isTrue();
        assertThat(step.at("/limits/0/code").asText()).isEqualTo("job_publish");
        assertThat(step.at("/limits/0/left").asInt()).isEqualTo(10);
        assertThat(step.at("/prices/5/code").asText()).isEqualTo("contact_view");
        assertThat(active.at("/packets/0/id").isNumber()).isTrue();
        assertThat(active.at("/meta/active").asInt()).isEqualTo(1);
        assertThat(get("/packets?status=lost").status()).isEqualTo(422);
    }

    @Test
    void categoriesBalanceShowsWhatIsLeftPerCode() throws Exception {
        JsonNode balance = get("/packets/categories_balance").body();

        assertThat(balance.at("/items/0/fias_id").asText()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(balance.at("/items/0/balance")).extracting(b -> b.path("code").asText() + "=" + b.path("bought"))
                .contains("job_refresh=1", "contact_view=1", "job_publish=0");
        assertThat(balance.at("/last_view_access_group_packet/current_step/packet_type").asText())
                .isEqualTo("temporary_view_1d");
        assertThat(balance.at("/meta").has("hidden_packet_expires_at")).isTrue();
    }
}
