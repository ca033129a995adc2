package ru.rabota.bridge.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** What VK Работа and hh.ru paging share: a capped page size and a two-parameter query. */
public final class Paging {

    private Paging() {
    }

    /** Both services cap the page size, so a larger one is clamped here rather than sent. */
    public static int clamp(int requested, int max) {
        return Math.max(1, Math.min(max, requested));
    }

    /** Page and size parameters in request order, in a mutable map so a caller can add filters. */
    public static Map<String, Object> query(String numberKey, int number, int firstNumber, String sizeKey, int size) {
        if (number < firstNumber) {
            throw new IllegalArgumentException(numberKey + " starts at " + firstNumber + ", got " + number);
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put(numberKey, number);
        query.put(sizeKey, size);
        return query;
    }
}
