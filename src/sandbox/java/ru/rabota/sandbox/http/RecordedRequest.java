package ru.rabota.sandbox.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request as received, for tests to assert on: headers with lower-case names, the raw query string, the
 * body as text and the status the simulator answered (-1 for a dropped connection).
 */
public record RecordedRequest(Instant at, String method, String path, String rawQuery,
        Map<String, List<String>> query, Map<String, String> headers, String body, int status) {

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
