package ru.rabota.bridge.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.rabota.bridge.jsonapi.ApiExamples.json;
import static ru.rabota.bridge.jsonapi.ApiExamples.vk;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;

class VkPagingTest {

    /** An answer with {@code count} records and the given links and meta. */
    private static JsonApiPage answer(int count, String links, String meta) {
        List<ObjectNode> records = Collections.nCopies(count, JsonNodeFactory.instance.objectNode());
        return new JsonApiPage(records, (ObjectNode) json(meta), (ObjectNode) json(links));
    }

    @Test
    void queryNamesPageNumberAndSize() {
        assertThat(VkPaging.query(2, 20)).containsExactly(Map.entry("page[number]", 2), Map.entry("page[size]", 20));
    }

    @Test
    void queryEncodesTheBracketsOnTheWire() {
        assertThat(URISupport.createQueryString(VkPaging.query(2, 50))).isEqualTo("page%5Bnumber%5D=2&page%5Bsize%5D=50");
    }

    @Test
    void sizeAboveFiftyIsClamped() {
        assertThat(VkPaging.query(1, 500)).containsEntry("page[size]", 50);
        assertThat(VkPaging.query(1, 0)).containsEntry("page[size]", 1);
    }

    @Test
    void pagesStartAtOne() {
        assertThatThrownBy(() -> VkPaging.query(0, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutSignalsAFullPageMayHaveMoreAndAShortOneIsTheLast() {
        assertThat(VkPaging.hasNext(answer(50, "{}", "{}"), 1, 50)).isTrue();
        assertThat(VkPaging.hasNext(answer(49, "{}", "{}"), 1, 50)).isFalse();
        assertThat(VkPaging.hasNext(answer(0, "{}", "{}"), 3, 50)).isFalse();
    }

    /** A list in the service's own pages: no size was asked for, so only the service's signals say there is more. */
    @Test
    void inTheServicesPagesOnlyItsSignalsAnnounceMore() {
        assertThat(VkPaging.hasNextAnnounced(answer(500, "{}", "{}"), 1, 0)).as("the whole list, as /cities").isFalse();
        assertThat(VkPaging.hasNextAnnounced(answer(25, "{\"next\": \"https://x/cities?page%5Bnumber%5D=2\"}",
                "{}"), 1, 0)).isTrue();
        assertThat(VkPaging.hasNextAnnounced(answer(25, "{}", "{\"total\": 60}"), 2, 25)).isTrue();
        assertThat(VkPaging.hasNextAnnounced(answer(10, "{}", "{\"total\": 60}"), 3, 50)).isFalse();
    }

    @Test
    void fullPageAskedAboveTheLimitCountsAgainstFifty() {
        assertThat(VkPaging.hasNext(answer(50, "{}", "{}"), 1, 200)).isTrue();
    }

    @Test
    void nextLinkMeansMore() {
        assertThat(VkPaging.hasNext(answer(10, "{\"next\": \"https://x/jobs?page%5Bnumber%5D=2\"}", "{}"), 1, 50)).isTrue();
    }

    @Test
    void emptyPageEndsPagingWhateverTheLinksSay() {
        assertThat(VkPaging.hasNext(answer(0, "{\"next\": \"https://x/jobs?page%5Bnumber%5D=9\"}", "{}"), 8, 50)).isFalse();
    }

    @Test
    void lastLinkDecides() {
        String lastIsThree = "{\"last\": \"https://x/applications?page%5Bnumber%5D=3&page%5Bsize%5D=50\"}";
        assertThat(VkPaging.hasNext(answer(50, lastIsThree, "{}"), 2, 50)).isTrue();
        assertThat(VkPaging.hasNext(answer(50, lastIsThree, "{}"), 3, 50)).isFalse();
    }

    @Test
    void nationalitiesExampleIsItsOwnLastPage() {
        JsonApiPage nationalities = JsonApi.page(vk("nationalities.json"));

        // 12 records asked 12 at a time would look full; links.last says page 1 is the last
        assertThat(VkPaging.hasNext(nationalities, 1, 12)).isFalse();
    }

    @Test
    void totalDecides() {
        assertThat(VkPaging.hasNext(answer(50, "{}", "{\"total\": 120}"), 2, 50)).isTrue();
        assertThat(VkPaging.hasNext(answer(20, "{}", "{\"total\": 120}"), 3, 50)).isFalse();
        assertThat(VkPaging.hasNext(answer(50, "{}", "{\"total\": 100}"), 2, 50)).isFalse();
    }

    @Test
    void vasTransactionsExampleIsComplete() {
        JsonApiPage transactions = JsonApi.page(vk("vas-transactions.json"));

        assertThat(VkPaging.hasNext(transactions, 1, 2)).isFalse();
        assertThat(VkPaging.hasNext(transactions, 1, 10)).isFalse();
    }

    @Test
    void unreadableLastLinkFallsBackToTheOtherRules() {
        assertThat(VkPaging.hasNext(answer(50, "{\"last\": \"not a uri\"}", "{}"), 1, 50)).isTrue();
        assertThat(VkPaging.hasNext(answer(50, "{\"last\": \"https://x/jobs\"}", "{}"), 1, 50)).isTrue();
    }
}
