package ru.rabota.bridge.hh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.rabota.bridge.jsonapi.ApiExamples.json;

import java.util.Map;

import org.junit.jupiter.api.Test;

class HhPagingTest {

    @Test
    void queryStartsAtPageZero() {
        assertThat(HhPaging.query(0, 20)).containsExactly(Map.entry("page", 0), Map.entry("per_page", 20));
    }

    @Test
    void perPageAboveFiftyIsClamped() {
        assertThat(HhPaging.query(3, 100)).containsEntry("per_page", 50);
    }

    @Test
    void negativePageIsRejected() {
        assertThatThrownBy(() -> HhPaging.query(-1, 20)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hasNextWhilePagePlusOneIsBelowPagesCountedFromThePageAsked() {
        String items = "\"items\": [{\"id\": \"1\"}]";
        assertThat(HhPaging.hasNext(json("{\"found\": 120, \"pages\": 3, \"page\": 0, " + items + "}"), 0)).isTrue();
        assertThat(HhPaging.hasNext(json("{\"found\": 120, \"pages\": 3, \"page\": 1, " + items + "}"), 1)).isTrue();
        assertThat(HhPaging.hasNext(json("{\"found\": 120, \"pages\": 3, \"page\": 2, " + items + "}"), 2)).isFalse();
        // an answer that echoes page 0 whatever was asked cannot hold the loop
        assertThat(HhPaging.hasNext(json("{\"found\": 120, \"pages\": 3, \"page\": 0, " + items + "}"), 2)).isFalse();
        assertThat(HhPaging.hasNext(json("{\"found\": 0, \"pages\": 1, \"page\": 0, \"items\": []}"), 0)).isFalse();
        assertThat(HhPaging.hasNext(json("{\"found\": 120, \"pages\": 3, \"page\": 0, \"items\": []}"), 0)).isFalse();
    }
}
