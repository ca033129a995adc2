package ru.rabota.bridge.api;

import java.io.IOException;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The steps of an attempt after its HTTP request, in route template {@code api-attempt} (routes/vk-api.camel.yaml);
 * bound per API as {@code vkAnswers} and {@code hhAnswers}. {@link #answer} after the HTTP answer, or
 * {@link #unanswered} when none came: the caller's message comes back, with a 2xx answer's {@link JsonNode} as body
 * ({@link NullNode} when empty) and {@code CamelHttpResponseCode}; otherwise an {@link ApiException} is thrown
 * ({@link ApiErrors}), the message being as the caller left it, so a redelivery repeats the identical call. A refused
 * token is forgotten and {@link ApiHeaders#SEND} stays true: the route sends once more. The API's health
 * ({@link ApiHealth}) is told of every answer and transient failure.
 */
public final class ApiAnswerMapper {

    private final String source;
    private final ApiAuth auth;
    private final ApiHealth health;
    private final ObjectMapper mapper;
    private final Clock clock;

    /**
     * @param source "vk" or "hh", names the API in exceptions
     * @param auth   the API's tokens
     * @param health told of every answer and transient failure
     */
    public ApiAnswerMapper(String source, ApiAuth auth, ApiHealth health, ObjectMapper mapper) {
        this.source = source;
        this.auth = auth;
        this.health = health;
        this.mapper = mapper;
        this.clock = Clock.systemUTC();
    }

    /**
     * Maps the HTTP answer: 2xx becomes the body as {@link JsonNode}; a refused token is forgotten and the request
     * is to be sent once more; anything else throws {@link ApiException}.
     */
    public void answer(Exchange exchange) {
        PendingCall call = PendingCall.of(exchange);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = message.getBody(byte[].class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        String token = exchange.getProperty(ApiHeaders.TOKEN, String.class);
        restore(exchange, call);
        if (status >= 200 && status < 300) {
            health.answered();
            exchange.setProperty(ApiHeaders.SEND, false);
            JsonNode answer = parse(exchange, call.request(), status, body);
            exchange.removeProperty(ApiHeaders.CALL);
            ApiRetryPolicy.stopWaiting(exchange);
            message.setBody(answer);
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            return;
        }
        ApiException failure = ApiErrors.failure(source, call.request().method(), call.request().path(), status,
                body, retryAfter, clock);
        told(failure);
        if (token != null && auth.refused(failure) && exchange.getProperty(ApiHeaders.RENEWED) == null) {
            auth.invalidate(token);
            exchange.setProperty(ApiHeaders.RENEWED, true);
            return;
        }
        throw PendingCall.failed(exchange, failure, auth);
    }

    /** No answer came (the exception caught): an {@link ApiException} with status 0, or a defect of the request. */
    public void unanswered(Exchange exchange) {
        PendingCall call = PendingCall.of(exchange);
        restore(exchange, call);
        RuntimeException failure = ApiErrors.unanswered(source, call.request().method(), call.request().path(),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (failure instanceof ApiException noAnswer) {
            told(noAnswer);
            throw PendingCall.failed(exchange, noAnswer, auth);
        }
        exchange.removeProperty(ApiHeaders.CALL);
        throw failure;
    }

    private JsonNode parse(Exchange exchange, ApiRequest request, int status, byte[] body) {
        if (body == null || body.length == 0) {
            return NullNode.instance;
        }
        try {
            JsonNode answer = mapper.readTree(body);
            return answer == null || answer.isMissingNode() ? NullNode.instance : answer;
        } catch (IOException e) {
            throw PendingCall.failed(exchange, new ApiException(source, request.method(), request.path(), status,
                    "the answer is not JSON: " + ApiErrors.detail(status, body), null, e), auth);
        }
    }

    /** The caller's headers and body back; the token gone. */
    private static void restore(Exchange exchange, PendingCall call) {
        exchange.removeProperty(ApiHeaders.TOKEN);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.getHeaders().putAll(call.headers());
        message.setBody(call.body());
    }

    private void told(ApiException failure) {
        if (failure.retryable()) {
            health.failed(failure);
        } else {
            health.answered();
        }
    }
}
