package ru.rabota.bridge.hh;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.api.Paging;

/** Paging of hh.ru lists: {@code page} from 0 and {@code per_page}; answers carry {@code page}, {@code pages}, {@code found}. */
public final class HhPaging {

    /** The largest {@code per_page} hh.ru accepts. */
    public static final int MAX_PER_PAGE = 50;

    private HhPaging() {
    }

    /** The page size actually requested: hh.ru allows at most 50, so larger sizes are clamped, never sent. */
    public static int perPage(int requested) {
        return Paging.clamp(requested, MAX_PER_PAGE);
    }

    /** Query parameters {@code page} (from 0) and {@code per_page}, in a mutable map. */
    public static Map<String, Object> query(int page, int perPage) {
        return Paging.query("page", page, 0, "per_page", perPage(perPage));
    }

    /**
     * Whether the list has a page after {@code asked}: the answer had items and {@code asked + 1 < pages}. Counted from
     * the page asked for, not the page echoed, so an answer can never hold the loop on one page.
     */
    public static boolean hasNext(JsonNode answer, int asked) {
        return !answer.path("items").isEmpty() && asked + 1 < answer.path("pages").asInt();
    }
}
