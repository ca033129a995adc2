package ru.rabota.bridge.hh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One collection of a vacancy's negotiations, as the collections answer names it, with the request that lists it.
 *
 * @param id    the collection's {@code id} ({@code inbox}, {@code invited}, ...)
 * @param path  the path of its {@code url} below the API root
 * @param query the query parameters of its {@code url} ({@code vacancy_id}), decoded
 */
public record HhCollection(String vacancyId, String id, String path, Map<String, Object> query) {

    public HhCollection {
        // not Map.copyOf: a parameter without value is null, and the order is the URL's
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }
}
