package ru.rabota.sandbox.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulator answers; {@link #drop()} closes the connection without any answer, {@link #lostAnswer()} does
 * the same after the request was carried out.
 */
public record SimResponse(int status, Map<String, String> headers, String body) {

    private static final SimResponse DROP = new SimResponse(-1, Map.of(), "");
    private static final SimResponse LOST_ANSWER = new SimResponse(-2, Map.of(), "");

    public static SimResponse json(int status, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        return new SimResponse(status, headers, json);
    }

    public static SimResponse drop() {
        return DROP;
    }

    /** A fault: the request takes effect, then the connection drops before the answer. */
    public static SimResponse lostAnswer() {
        return LOST_ANSWER;
    }

    public boolean answerLost() {
        return status == LOST_ANSWER.status;
    }

    public boolean dropped() {
        return status < 0;
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, copy, body);
    }
}
