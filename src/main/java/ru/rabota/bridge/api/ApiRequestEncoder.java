package ru.rabota.bridge.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.Message;

/**
 * The steps of an attempt before its HTTP request, in the order of route template {@code api-attempt}
 * (routes/vk-api.camel.yaml); bound per API as {@code vkRequests} and {@code hhRequests}:
 * <ol>
 * <li>{@link #encode}: counts the attempt ({@link ApiHeaders#ATTEMPTS}) and encodes the request the headers
 * ({@link ApiHeaders}) and the body describe: null, a JSON String or anything Jackson writes as JSON, a
 * {@link Multipart} as {@code multipart/form-data}, an {@link ApiForm} as a form;</li>
 * <li>{@link #authorize}: takes the token ({@link ApiAuth}) unless the call is anonymous;</li>
 * <li>{@link #request}: the message becomes the HTTP request; the caller's headers and body are kept aside
 * ({@link PendingCall}), so none of them goes out.</li>
 * </ol>
 * Stateless apart from its collaborators; the call's state lives in the exchange properties {@code bridgeApi*}.
 */
public final class ApiRequestEncoder {

    private static final Pattern PATH = Pattern.compile("(/[\\w-]+)+");

    private final Map<String, String> headers;
    private final ApiAuth auth;
    private final ObjectMapper mapper;

    /**
     * @param headers sent with every request (hh.ru's User-Agent)
     * @param auth    the API's tokens
     */
    public ApiRequestEncoder(Map<String, String> headers, ApiAuth auth, ObjectMapper mapper) {
        this.headers = Map.copyOf(headers);
        this.auth = auth;
        this.mapper = mapper;
    }

    /** Counts the attempt and encodes the request; the call is to be sent ({@link ApiHeaders#SEND}). */
    public void encode(Exchange exchange) throws JsonProcessingException {
        // properties, unlike the message, survive Camel's redeliveries; each call starts without them
        int attempt = exchange.getProperty(ApiHeaders.ATTEMPTS, 0, Integer.class) + 1;
        exchange.setProperty(ApiHeaders.ATTEMPTS, attempt);
        if (attempt == 1) {
            exchange.setProperty(ApiHeaders.CALL_STARTED, System.nanoTime());
        }
        exchange.removeProperty(ApiHeaders.RENEWED);
        Message message = exchange.getMessage();
        // an earlier call's answer on this exchange is not this call's: restored with the request after no answer,
        // it timed that request under its status and told the limit the API had answered
        message.removeHeader(Exchange.HTTP_RESPONSE_CODE);
        boolean anonymous = message.getHeader(ApiHeaders.ANONYMOUS, false, Boolean.class);
        String url = exchange.getProperty(ApiHeaders.URL, String.class);
        if (url != null && !anonymous) {
            throw new IllegalArgumentException("Only a call without token goes to a URL of its own, not " + url);
        }
        exchange.setProperty(ApiHeaders.CALL, new PendingCall(request(message, url), anonymous, url,
                new HashMap<>(message.getHeaders()), message.getBody()));
        exchange.setProperty(ApiHeaders.SEND, true);
    }

    /** Takes the token for the request, unless the call is anonymous. */
    public void authorize(Exchange exchange) {
        if (PendingCall.of(exchange).anonymous()) {
            return;
        }
        try {
            exchange.setProperty(ApiHeaders.TOKEN, auth.token());
        } catch (ApiException failure) {
            ApiException classified = PendingCall.unsent(exchange, failure, auth);
            throw classified.getClass() == ApiException.class ? new TokenUnavailableException(classified) : classified;
        }
    }

    /**
     * The message becomes the HTTP request: camel-http's headers, Accept, the API's own headers, Authorization and the
     * encoded body.
     */
    public void request(Exchange exchange) {
        PendingCall call = PendingCall.of(exchange);
        ApiRequest request = call.request();
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        // the enum camel-http reads: a String would be converted by reflection at every request
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(request.method()));
        if (call.url() != null) {
            message.setHeader(Exchange.HTTP_URI, call.url());
        } else {
            message.setHeader(Exchange.HTTP_PATH, request.path());
        }
        if (request.query() != null) {
            message.setHeader(Exchange.HTTP_RAW_QUERY, request.query());
        }
        message.setHeader("Accept", "application/json");
        headers.forEach(message::setHeader);
        String token = exchange.getProperty(ApiHeaders.TOKEN, String.class);
        if (token != null) {
            message.setHeader("Authorization", auth.authorization(token));
        }
        if (request.contentType() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, request.contentType());
        }
        message.setBody(request.body());
    }

    private ApiRequest request(Message message, String url) throws JsonProcessingException {
        String method = message.getHeader(ApiHeaders.METHOD, String.class);
        String path = url != null ? URI.create(url).getRawPath() : message.getHeader(ApiHeaders.PATH, String.class);
        if (method == null || path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("An API call needs headers " + ApiHeaders.METHOD + " and "
                    + ApiHeaders.PATH + " (like /jobs/651), got " + method + " " + path);
        }
        String query = ApiRequest.urlEncoded(message.getHeader(ApiHeaders.QUERY, Map.class));
        if (!"GET".equals(method) && message.getBody() instanceof ApiForm form) {
            ApiRequest encoded = ApiRequest.form(method, path, form.fields());
            return new ApiRequest(method, path, query, encoded.body(), encoded.contentType());
        }
        if (!"GET".equals(method) && message.getBody() instanceof Multipart form) {
            Multipart.Encoded encoded = form.encode();
            return new ApiRequest(method, path, query, encoded.body(), encoded.contentType());
        }
        byte[] body = "GET".equals(method) ? null : json(message.getBody());
        return new ApiRequest(method, path, query, body, body == null ? null : ApiRequest.JSON);
    }

    private byte[] json(Object body) throws JsonProcessingException {
        if (body == null || body instanceof byte[]) {
            return (byte[]) body;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return mapper.writeValueAsBytes(body);
    }
}
