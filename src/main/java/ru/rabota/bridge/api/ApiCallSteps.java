package ru.rabota.bridge.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StartupListener;
import org.apache.camel.component.http.HttpComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one attempt of an API call, in the order of the call routes that use them ({@code vk-call} in
 * {@code routes/vk-api.camel.yaml}, {@code hh-call} in {@code routes/hh-api.camel.yaml}); bound per API as
 * {@code vkApi} and {@code hhApi}. The route sends with camel-http itself; these steps only encode, authorize and map:
 * <ol>
 * <li>{@link #encode}: counts the attempt ({@link ApiHeaders#ATTEMPTS}) and encodes the request the headers
 * ({@link ApiHeaders}) and the body describe: null, a JSON String or anything Jackson writes as JSON, a
 * {@link Multipart} as {@code multipart/form-data}, an {@link ApiForm} as a form;</li>
 * <li>{@link #authorize}: takes the token ({@link ApiAuth}) unless the call is anonymous;</li>
 * <li>{@link #request}: the message becomes the HTTP request (the caller's headers and body are kept aside, so
 * none of them goes out);</li>
 * <li>{@link #answer} after the HTTP answer, or {@link #unanswered} when none came: the caller's message comes back,
 * with a 2xx answer's {@link JsonNode} as body ({@link NullNode} when empty) and {@code CamelHttpResponseCode};
 * otherwise an {@link ApiException} is thrown, the message being as the caller left it, so a redelivery repeats the
 * identical call. A refused token is forgotten and {@link #SEND} stays true: the route sends once more.</li>
 * </ol>
 * The API's health ({@link ApiHealth}) is told of every answer and transient failure. Stateless apart from its
 * collaborators; the call's state lives in the exchange properties {@code bridgeApi*}, which a route removes before
 * each call (the api-operation template does).
 */
public final class ApiCallSteps {

    /** Property: true while the request is to be sent (once more after a refused token); the route's loop. */
    public static final String SEND = "bridgeApiSend";
    /**
     * Property: the last attempt failed in a way that may have taken effect all the same (no answer, 5xx: the answer
     * may have been lost); {@code vk-create-job} looks the job up before it posts again.
     */
    public static final String UNSURE = "bridgeApiUnsure";
    /** Property (internal): the encoded request and the caller's message. */
    static final String CALL = "bridgeApiCall";
    /** Property (internal): the token of the request under way; removed when its answer came. */
    static final String TOKEN = "bridgeApiToken";
    /** Property (internal): the token was refused once and renewed: a second refusal fails the call. */
    static final String RENEWED = "bridgeApiTokenRenewed";

    private static final Logger LOG = LoggerFactory.getLogger(ApiCallSteps.class);
    private static final Pattern PATH = Pattern.compile("(/[\\w-]+)+");

    private final String source;
    private final Map<String, String> headers;
    private final ApiAuth auth;
    private final ApiHealth health;
    private final ObjectMapper mapper;
    private final Clock clock;

    /** The request of the call, the URL it goes to instead of the route's (or null), and the caller's message. */
    private record Call(ApiRequest request, boolean anonymous, String url, Map<String, Object> headers, Object body) {
    }

    /**
     * @param source  "vk" or "hh", names the API in exceptions
     * @param headers sent with every request (hh.ru's User-Agent)
     * @param auth    the API's tokens
     * @param health  told of every answer and transient failure
     */
    public ApiCallSteps(String source, Map<String, String> headers, ApiAuth auth, ApiHealth health,
            ObjectMapper mapper) {
        this.source = source;
        this.headers = Map.copyOf(headers);
        this.auth = auth;
        this.health = health;
        this.mapper = mapper;
        this.clock = Clock.systemUTC();
    }

    /**
     * Disables camel-http's automatic retries before the routes create their endpoints: HttpClient 5.5+ would obey
     * {@code Retry-After} by itself and stall a route for up to an hour (CAMEL-23345); the bridge's retry policy
     * ({@code bridge.retry.*}) must be the only one. {@code camel.component.http.automatic-retries-disabled=true}
     * says the same; a {@code false} there is overruled with a WARN line.
     */
    public static void withoutAutomaticRetries(CamelContext context) {
        context.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        try {
            context.addStartupListener(checkWhenStarting());
        } catch (Exception e) {
            throw new IllegalStateException("cannot check camel-http's automatic retries at start", e);
        }
    }

    private static StartupListener checkWhenStarting() {
        return new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) {
                HttpComponent http = starting.getComponent("http", HttpComponent.class);
                if (!http.isAutomaticRetriesDisabled()) {
                    LOG.warn("camel.component.http.automatic-retries-disabled was false; HttpClient's own retries are now disabled");
                    http.setAutomaticRetriesDisabled(true);
                }
            }

            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // checked while starting, before the routes create their endpoints
            }
        };
    }

    /** Counts the attempt and encodes the request; the call is to be sent ({@link #SEND}). */
    public void encode(Exchange exchange) throws JsonProcessingException {
        // properties, unlike the message, survive Camel's redeliveries; each call starts without them
        int attempt = exchange.getProperty(ApiHeaders.ATTEMPTS, 0, Integer.class) + 1;
        exchange.setProperty(ApiHeaders.ATTEMPTS, attempt);
        if (attempt == 1) {
            exchange.setProperty(ApiHeaders.CALL_STARTED, System.currentTimeMillis());
        }
        exchange.removeProperty(RENEWED);
        Message message = exchange.getMessage();
        boolean anonymous = message.getHeader(ApiHeaders.ANONYMOUS, false, Boolean.class);
        String url = exchange.getProperty(ApiHeaders.URL, String.class);
        if (url != null && !anonymous) {
            throw new IllegalArgumentException("Only a call without token goes to a URL of its own, not " + url);
        }
        exchange.setProperty(CALL, new Call(request(message, url), anonymous, url, new HashMap<>(message.getHeaders()),
                message.getBody()));
        exchange.setProperty(SEND, true);
    }

    /** Takes the token for the request, unless the call is anonymous. */
    public void authorize(Exchange exchange) {
        if (call(exchange).anonymous()) {
            return;
        }
        try {
            exchange.setProperty(TOKEN, auth.token());
        } catch (ApiException failure) {
            throw failed(exchange, failure);
        }
    }

    /**
     * The message becomes the HTTP request: camel-http's headers, Accept, the API's own headers, Authorization and the
     * encoded body.
     */
    public void request(Exchange exchange) {
        Call call = call(exchange);
        ApiRequest request = call.request();
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, request.method());
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
        String token = exchange.getProperty(TOKEN, String.class);
        if (token != null) {
            message.setHeader("Authorization", auth.authorization(token));
        }
        if (request.contentType() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, request.contentType());
        }
        message.setBody(request.body());
    }

    /**
     * Maps the HTTP answer: 2xx becomes the body as {@link JsonNode}; a refused token is forgotten and the request
     * is to be sent once more; anything else throws {@link ApiException}.
     */
    public void answer(Exchange exchange) {
        Call call = call(exchange);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = message.getBody(byte[].class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        String token = exchange.getProperty(TOKEN, String.class);
        restore(exchange, call);
        if (status >= 200 && status < 300) {
            health.answered();
            exchange.setProperty(SEND, false);
            JsonNode answer = parse(exchange, call.request(), status, body);
            exchange.removeProperty(CALL);
            ApiRetryPolicy.stopWaiting(exchange);
            message.setBody(answer);
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            return;
        }
        ApiException failure = ApiErrors.failure(source, call.request().method(), call.request().path(), status,
                body, retryAfter, clock);
        told(failure);
        if (token != null && auth.refused(failure) && exchange.getProperty(RENEWED) == null) {
            auth.invalidate(token);
            exchange.setProperty(RENEWED, true);
            return;
        }
        throw failed(exchange, failure);
    }

    /** No answer came (the exception caught): an {@link ApiException} with status 0, or a defect of the request. */
    public void unanswered(Exchange exchange) {
        Call call = call(exchange);
        restore(exchange, call);
        RuntimeException failure = ApiErrors.unanswered(source, call.request().method(), call.request().path(),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (failure instanceof ApiException noAnswer) {
            told(noAnswer);
            throw failed(exchange, noAnswer);
        }
        exchange.removeProperty(CALL);
        throw failure;
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

    private JsonNode parse(Exchange exchange, ApiRequest request, int status, byte[] body) {
        if (body == null || body.length == 0) {
            return NullNode.instance;
        }
        try {
            JsonNode answer = mapper.readTree(body);
            return answer == null || answer.isMissingNode() ? NullNode.instance : answer;
        } catch (IOException e) {
            throw failed(exchange, new ApiException(source, request.method(), request.path(), status,
                    "the answer is not JSON: " + ApiErrors.detail(status, body), null, e));
        }
    }

    /** The caller's headers and body back; the token gone. */
    private static void restore(Exchange exchange, Call call) {
        exchange.removeProperty(TOKEN);
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

    /**
     * The failure as the caller sees it; notes whether the request may have taken effect all the same. A call without
     * token (a token request) has no access to refuse: its token store judges the failure itself.
     */
    private ApiException failed(Exchange exchange, ApiException failure) {
        Call call = (Call) exchange.removeProperty(CALL);
        exchange.setProperty(UNSURE, failure.httpStatus() == 0 || failure.httpStatus() >= 500);
        return call.anonymous() ? failure : auth.classify(failure);
    }

    private static Call call(Exchange exchange) {
        return exchange.getProperty(CALL, Call.class);
    }
}
