package ru.rabota.bridge.api;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Any failed call of an upstream API: a non-2xx answer, or no answer at all (I/O error, status 0).
 * The message is one readable line, {@code VK POST /jobs -> 422 Возникли ошибки: ...}; it never
 * carries a token, a password or query values.
 */
public class ApiException extends RuntimeException {

    private final String source;
    private final String method;
    private final String path;
    private final int httpStatus;
    private final String detail;
    private final Duration retryAfter;

    public ApiException(String source, String method, String path, int httpStatus, String detail,
                        Duration retryAfter, Throwable cause) {
        super(source.toUpperCase(Locale.ROOT) + " " + method + " " + path + " -> "
                + (httpStatus == 0 ? "I/O error" : String.valueOf(httpStatus)) + " " + detail, cause);
        this.source = source;
        this.method = method;
        this.path = path;
        this.httpStatus = httpStatus;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    /** The same failure as a new instance, so that one remembered failure can be thrown in many threads. */
    protected ApiException(ApiException failure) {
        this(failure.source, failure.method, failure.path, failure.httpStatus, failure.detail, failure.retryAfter,
                failure.getCause());
    }

    /** A fresh copy of this failure, to be thrown by another caller (Camel adds suppressed exceptions to it). */
    public ApiException copy() {
        return new ApiException(this);
    }

    /** "vk" or "hh". */
    public String source() {
        return source;
    }

    public String method() {
        return method;
    }

    /** The request path only, e.g. {@code /jobs/651/close}: no host, no query. */
    public String path() {
        return path;
    }

    /** The HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The API's own explanation, e.g. "Возникли ошибки: Поле 'Адрес' не может быть пустым". */
    public String detail() {
        return detail;
    }

    /** How long the API asked us to wait ({@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The API failure that {@code failure} is or was caused by, along its causes only; null when there is none.
     * Not Camel's {@code ObjectHelper.getException}: that walks the suppressed failures too, deepest first, and Camel
     * keeps each earlier attempt's failure as suppressed in the next one, so it found a 503 of the first attempt
     * where the last one answered 422.
     */
    public static ApiException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
        }
        return null;
    }

    /** Whether repeating the same call later may succeed: no answer, 5xx, 408 and 429; never other 4xx. */
    public boolean retryable() {
        return httpStatus == 0 || httpStatus >= 500 || httpStatus == 429 || httpStatus == 408;
    }

    /**
     * Whether the API refused the request for what it asks (a 4xx that no retry mends): sending it again unchanged
     * cannot succeed. Not so for a failure that may pass ({@link #retryable()}), for no answer at all, nor for a
     * refusal of the caller's credentials, after which new credentials may let the same request pass.
     */
    public boolean refusesRequest() {
        return !retryable() && httpStatus != 0;
    }

    /**
     * Whether the service cannot have acted on the request: it turned it away unread (429; 408, the request not
     * received whole in time), or no connection was made (refused, unknown host, connect or pool timeout). A 5xx, a
     * reset or a read timeout is ambiguous: the service may have done the work, so a call that spends money must not
     * be repeated after one.
     */
    public boolean unsent() {
        Throwable cause = getCause();
        return httpStatus == 429 || httpStatus == 408 || cause instanceof ConnectException
                || cause instanceof UnknownHostException || cause instanceof ConnectTimeoutException
                || cause instanceof ConnectionRequestTimeoutException;
    }
}
