package ru.rabota.bridge.api;

/** A 2xx answer: its status and its body (null when empty). */
public record ApiResponse(int status, byte[] body) {
}
