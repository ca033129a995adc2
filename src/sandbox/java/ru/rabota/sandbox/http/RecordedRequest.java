package ru.rabota.sandbox.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request as received, for tests to assert on: headers with lower-case names, the raw query string, the
 * body as text, the status the simulator answered (-1 for a dropped connection) and how long it took to answer (from
 * its handler's start to the answer ready, the latency a test set included; not the writing of the answer).
 */
public record RecordedRequest(Instant at, String method, String path, String rawQuery,
        Map<String, List<String>> query, Map<String, String> headers, String body, int status, Duration took) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean is(String method, String path) {
        return this.method.equals(method) && this.path.equals(path);
    }
}
