package ru.rabota.bridge.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A 2xx answer: its status and its body ({@code NullNode} when empty). */
public record ApiResponse(int status, JsonNode body) {
}
