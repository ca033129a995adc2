package ru.rabota.bridge.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

/** The cache alone: title matching, the state before the first read, failed updates, isolation of copies. */
class ReferenceDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReferenceData cache = new ReferenceData();

    @Test
    void titlesMatchTrimmedCaseInsensitiveWithYoAsYe() throws Exception {
        cache.update(ReferenceType.PROFESSION, professions("{\"id\":3,\"title\":\"курьер\"},"
                + "{\"id\":11,\"title\":\"Монтажник Ёмкостей\"},{\"id\":12,\"title\":\"курьер\"}"));

        assertThat(cache.idOf(" КУРЬЕР\t")).hasValue(3);
        assertThat(cache.idOf("монтажник емкостей")).hasValue(11);
        assertThat(cache.idOf("Монтажник ёмкостей")).hasValue(11);
        assertThat(cache.idOf("курьер пеший")).isEmpty();
        assertThat(cache.idOf(null)).isEmpty();
        assertThat(cache.exists(12)).isTrue();
        assertThat(cache.exists(13)).isFalse();
    }

    @Test
    void beforeTheFirstReadNothingExistsAndWaitingEndsWhenTheListArrives() throws Exception {
        assertThat(cache.isLoaded()).isFalse();
        assertThat(cache.exists(3)).isFalse();
        assertThat(cache.awaitLoaded(Duration.ofMillis(20))).isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> cache.awaitLoaded(Duration.ofSeconds(30)));
        cache.update(ReferenceType.REGION, JSON.readTree(
                "{\"regions\":[{\"name\":\"Москва\",\"fias_id\":\"0c5b2444-70a0-4932-980c-b4dc0d3f02b5\"}]}"));
        cache.update(ReferenceType.PROFESSION, professions("{\"id\":3,\"title\":\"курьер\"}"));

        assertThat(waiting.get()).isTrue();
        assertThat(cache.isLoaded()).isTrue();
        assertThat(cache.exists(3)).isTrue();
        assertThat(cache.isLoaded(ReferenceType.CITY)).isFalse();
    }

    @Test
    void anUnreadableAnswerLeavesThePreviousContent() throws Exception {
        cache.update(ReferenceType.PROFESSION, professions("{\"id\":3,\"title\":\"курьер\"}"));

        assertThatThrownBy(() -> cache.update(ReferenceType.PROFESSION, professions("{\"title\":\"без номера\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the professions answer has no profession with an id");
        assertThatThrownBy(() -> cache.update(ReferenceType.PROFESSION, JSON.readTree("{\"professions\":{}}")))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(cache.idOf("курьер")).hasValue(3);
        assertThat(cache.size(ReferenceType.PROFESSION)).isEqualTo(1);
    }

    /** An answer without its list, or with an empty one, would otherwise reject every job's profession for hours. */
    @Test
    void aMissingNullOrEmptyListIsUnreadableAndThePreviousContentStays() throws Exception {
        cache.update(ReferenceType.PROFESSION, professions("{\"id\":3,\"title\":\"курьер\"}"));
        cache.update(ReferenceType.CATEGORY, JSON.readTree("{\"data\":[{\"id\":\"1\",\"type\":\"category\","
                + "\"attributes\":{\"id\":1,\"name\":\"Общепит\"}}]}"));

        assertThatThrownBy(() -> cache.update(ReferenceType.PROFESSION, JSON.readTree("{}")))
                .hasMessage("the professions answer has no 'professions' list (its fields: [])");
        assertThatThrownBy(() -> cache.update(ReferenceType.PROFESSION, JSON.readTree("{\"data\":[{\"id\":4}]}")))
                .hasMessage("the professions answer has no 'professions' list (its fields: [data])");
        assertThatThrownBy(() -> cache.update(ReferenceType.PROFESSION, JSON.readTree("{\"professions\":null}")))
                .hasMessage("the professions answer's 'professions' is null, not a list");
        assertThatThrownBy(() -> cache.update(ReferenceType.PROFESSION, professions("")))
                .hasMessage("the professions answer's list is empty");
        assertThatThrownBy(() -> cache.update(ReferenceType.CATEGORY, JSON.readTree("{\"data\":[]}")))
                .hasMessage("the categories answer's list is empty");
        assertThatThrownBy(() -> cache.update(ReferenceType.CATEGORY, JSON.readTree("{\"meta\":{}}")))
                .hasMessage("the categories answer has no 'data' list (its fields: [meta])");
        assertThatThrownBy(() -> cache.update(ReferenceType.CITY, List.of()))
                .hasMessage("the cities answer's list is empty");

        assertThat(cache.exists(3)).isTrue();
        assertThat(cache.idOf("курьер")).hasValue(3);
        assertThat(cache.size(ReferenceType.CATEGORY)).isEqualTo(1);
        assertThat(cache.isLoaded(ReferenceType.CITY)).isFalse();
    }

    /** One broken record must not cost the whole list: at start that would stall every job's validation. */
    @Test
    void aRecordWithoutItsIdentifierIsSkippedWithOneWarningAndTheOthersKept() throws Exception {
        String longTitle = "x".repeat(5000);
        try (LogCapture logs = new LogCapture()) {
            List<ObjectNode> kept = cache.update(ReferenceType.PROFESSION, professions("{\"id\":3,\"title\":\"курьер\"},"
                    + "{\"title\":\"без номера\"},{\"id\":null,\"title\":\"" + longTitle + "\"},"
                    + "{\"id\":4,\"title\":\"водитель\"}"));
            cache.update(ReferenceType.REGION, JSON.readTree("{\"regions\":[{\"name\":\"Москва\"},"
                    + "{\"name\":\"Санкт-Петербург\",\"fias_id\":\"c2deb16a-0330-4f05-821f-1d09c93331e6\"}]}"));

            assertThat(kept).extracting(record -> record.path("id").asInt()).containsExactly(3, 4);
            assertThat(logs.lines("WARN", "")).isEqualTo(2);
            assertThat(logs.text()).contains("WARN ru.rabota.bridge.reference.ReferenceType reference data: 2 professions"
                    + " without id skipped (2 kept): [{\"title\":\"без номера\",\"type\":\"profession\"}, "
                    + "{\"id\":null,\"title\":\"xxx");
            assertThat(logs.text()).contains("reference data: 1 region without fias_id skipped (1 kept): "
                    + "[{\"name\":\"Москва\",\"type\":\"region\"}]");
            assertThat(logs.text().lines().mapToInt(String::length).max().orElseThrow()).isLessThan(1200);
        }
        assertThat(cache.exists(3)).isTrue();
        assertThat(cache.idOf("водитель")).hasValue(4);
        assertThat(cache.size(ReferenceType.PROFESSION)).isEqualTo(2);
        assertThat(cache.get(ReferenceType.REGION, "c2deb16a-0330-4f05-821f-1d09c93331e6")).isPresent();
    }

    @Test
    void aNewListReplacesTheOldOne() throws Exception {
        cache.update(ReferenceType.PROFESSION, professions("{\"id\":3,\"title\":\"курьер\"}"));
        cache.update(ReferenceType.PROFESSION, professions("{\"id\":4,\"title\":\"водитель\"}"));

        assertThat(cache.exists(3)).isFalse();
        assertThat(cache.idOf("курьер")).isEmpty();
        assertThat(cache.idOf("водитель")).hasValue(4);
    }

    @Test
    void regionsAreKeyedByFiasAndLookupsReturnCopies() throws Exception {
        cache.update(ReferenceType.REGION, JSON.readTree(
                "{\"regions\":[{\"name\":\"Москва\",\"fias_id\":\"0c5b2444-70a0-4932-980c-b4dc0d3f02b5\"}]}"));

        cache.get(ReferenceType.REGION, "0c5b2444-70a0-4932-980c-b4dc0d3f02b5").orElseThrow()
                .put("name", "changed by a caller");

        assertThat(cache.get(ReferenceType.REGION, "0c5b2444-70a0-4932-980c-b4dc0d3f02b5").orElseThrow())
                .isEqualTo(JSON.readTree(
                "{\"name\":\"Москва\",\"fias_id\":\"0c5b2444-70a0-4932-980c-b4dc0d3f02b5\",\"type\":\"region\"}"));
        assertThat(ReferenceType.REGION.key(
                cache.get(ReferenceType.REGION, "0c5b2444-70a0-4932-980c-b4dc0d3f02b5").orElseThrow()))
                .isEqualTo("region:0c5b2444-70a0-4932-980c-b4dc0d3f02b5");
    }

    @Test
    void categoriesAreKeyedByTheirResourceId() throws Exception {
        // the document's second category: resource id "2", attribute id 10
        cache.update(ReferenceType.CATEGORY, JSON.readTree("{\"data\":[{\"id\":\"2\",\"type\":\"category\","
                + "\"attributes\":{\"id\":10,\"name\":\"Магазины\",\"salary_to\":null}}]}"));

        assertThat(cache.get(ReferenceType.CATEGORY, "2").map(c -> c.path("name").asText())).hasValue("Магазины");
        assertThat(cache.get(ReferenceType.CATEGORY, "10")).isEmpty();
        // the attribute id is kept beside it: the resource id took its place
        assertThat(cache.get(ReferenceType.CATEGORY, "2").map(c -> c.path("category_id")))
                .hasValue(JSON.getNodeFactory().numberNode(10));
    }

    private static JsonNode professions(String items) throws Exception {
        return JSON.readTree("{\"professions\":[" + items + "]}");
    }
}
