package ru.rabota.bridge.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Performs the one API call an exchange describes ({@link ApiHeaders}): the body (null, a JSON String, or anything
 * Jackson writes) is sent as JSON, a {@link Multipart} body as {@code multipart/form-data}, an {@link ApiForm} as a
 * form; on success the body
 * becomes the answer's {@link JsonNode} ({@link NullNode} when empty) and {@code CamelHttpResponseCode} is set.
 * A refused token is replaced once and the call repeated once. Failures throw {@link ApiException} before
 * anything on the message changes, so a redelivery repeats the identical call. Stateless apart from its collaborators, so one instance serves all exchanges at once.
 * <p>
 * A route must remove the exchange properties {@code bridgeApi*} before each call (the api-operation template
 * does): they count the attempts of one call across redeliveries.
 */
public class ApiCall implements Processor {

    private static final Pattern PATH = Pattern.compile("(/[\\w-]+)+");

    private final ApiHttp http;
    private final ApiAuth auth;
    private final ObjectMapper mapper;

    public ApiCall(ApiHttp http, ApiAuth auth, ObjectMapper mapper) {
        this.http = http;
        this.auth = auth;
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        // properties, unlike the message, survive Camel's redeliveries; each call starts without them
        int attempt = exchange.getProperty(ApiHeaders.ATTEMPTS, 0, Integer.class) + 1;
        exchange.setProperty(ApiHeaders.ATTEMPTS, attempt);
        if (attempt == 1) {
            exchange.setProperty(ApiHeaders.CALL_STARTED, System.currentTimeMillis());
        }
        ApiRequest request = request(message);
        ApiResponse response = message.getHeader(ApiHeaders.ANONYMOUS, false, Boolean.class)
                ? http.send(request, null)
                : sendAuthorized(request);
        JsonNode answer = parse(request, response);
        ApiRetryPolicy.stopWaiting(exchange);
        message.setBody(answer);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
    }

    private ApiResponse sendAuthorized(ApiRequest request) {
        String token = auth.token();
        try {
            return http.send(request, auth.authorization(token));
        } catch (ApiException failure) {
            if (!auth.refused(failure)) {
                throw failure;
            }
            auth.invalidate(token);
            return http.send(request, auth.authorization(auth.token()));
        }
    }

    private ApiRequest request(Message message) throws JsonProcessingException {
        String method = message.getHeader(ApiHeaders.METHOD, String.class);
        String path = message.getHeader(ApiHeaders.PATH, String.class);
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

    private JsonNode parse(ApiRequest request, ApiResponse response) {
        if (response.body() == null) {
            return NullNode.instance;
        }
        try {
            JsonNode answer = mapper.readTree(response.body());
            return answer.isMissingNode() ? NullNode.instance : answer;
        } catch (IOException e) {
            throw new ApiException(http.source(), request.method(), request.path(), response.status(),
                    "the answer is not JSON: " + ApiErrors.detail(response.status(), response.body()), null, e);
        }
    }
}
