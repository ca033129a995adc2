package ru.rabota.sandbox.vk;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code page[number]} (from 1) and {@code page[size]} (at most 50) of the JSON:API lists. */
record Paging(long number, int size) {

    static final int MAX_SIZE = 50;

    static Paging of(Params params, VkSimulatorConfig config) {
        JsonNode page = params.node("page");
        Long number = Params.whole(page.path("number"), "page[number]");
        Long size = Params.whole(page.path("size"), "page[size]");
        if (number != null && number < 1) {
            throw VkError.unprocessable("Параметр page[number] должен быть больше 0");
        }
        if (size != null && size < 1) {
            throw VkError.unprocessable("Параметр page[size] должен быть больше 0");
        }
        if (size != null && size > MAX_SIZE && config.pageSizePolicy() == VkSimulatorConfig.PageSizePolicy.REJECT) {
            throw VkError.unprocessable("Параметр page[size] не может быть больше " + MAX_SIZE);
        }
        return new Paging(number == null ? 1 : number,
                size == null ? config.defaultPageSize() : (int) Math.min(size, MAX_SIZE));
    }

    long offset() {
        return (number - 1) * size;
    }

    /** This page of a whole list. */
    <T> List<T> slice(List<T> all) {
        int from = (int) Math.min(offset(), all.size());
        return all.subList(from, Math.min(from + size, all.size()));
    }

    /** Number of the last page of {@code total} items (1 when there are none). */
    long last(long total) {
        return Math.max(1, (total + size - 1) / size);
    }
}
