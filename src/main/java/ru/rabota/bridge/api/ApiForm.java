package ru.rabota.bridge.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request body sent as {@code application/x-www-form-urlencoded} (hh.ru's negotiation actions take their
 * arguments so) rather than as JSON: put one in the body before calling an operation.
 *
 * @param fields in the order sent; null values are left out
 */
public record ApiForm(Map<String, ?> fields) {

    public ApiForm {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
