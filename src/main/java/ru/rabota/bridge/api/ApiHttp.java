package ru.rabota.bridge.api;

import java.time.Clock;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Sends the token requests ({@code POST /session} of VK Работа, hh.ru's refresh) through camel-http (Apache
 * HttpClient 5) and turns every failure into an {@link ApiException} ({@link ApiErrors}). The API calls themselves
 * are made by the call routes ({@code vk-call}, {@code hh-call}, with {@link ApiCallSteps}). Thread-safe; all
 * requests share one endpoint and so one connection pool.
 */
public final class ApiHttp {

    private final CamelContext context;
    private final String source;
    private final String endpointUri;
    private final Map<String, String> fixedHeaders;
    private final Clock clock;
    private final ApiHealth health;
    private volatile Link link;

    /** The endpoint and the template, created on first use when the http component is fully configured. */
    private record Link(Endpoint endpoint, ProducerTemplate template) {
    }

    /**
     * @param source       "vk" or "hh", names the API in exceptions
     * @param baseUrl      the API root, http or https, e.g. {@code https://api.iconjob.co/api/external/v1}
     * @param fixedHeaders headers sent with every request (hh.ru's User-Agent)
     * @param health       told of every answer and transient failure
     */
    public ApiHttp(CamelContext context, String source, String baseUrl, Map<String, String> fixedHeaders,
            ApiHealth health) {
        this.context = context;
        this.source = source;
        // "http:" + an https URL still uses the "http" component, so camel.component.http.* applies to https too
        // (the "https" scheme is a second component instance that the lead's configuration would not reach);
        // errors are mapped here, and DELETE /background carries a JSON body
        this.endpointUri = "http:" + baseUrl + "?throwExceptionOnFailure=false&deleteWithBody=true";
        this.fixedHeaders = Map.copyOf(fixedHeaders);
        this.clock = Clock.systemUTC();
        this.health = health;
    }

    public String source() {
        return source;
    }

    /**
     * Sends one request; returns a 2xx answer or throws {@link ApiException} (status 0 when no answer came).
     *
     * @param authorization the Authorization header value, or null for an anonymous call
     */
    public ApiResponse send(ApiRequest request, String authorization) {
        try {
            ApiResponse response = exchange(request, authorization);
            health.answered();
            return response;
        } catch (ApiException failure) {
            if (failure.retryable()) {
                health.failed(failure);
            } else {
                health.answered();
            }
            throw failure;
        }
    }

    private ApiResponse exchange(ApiRequest request, String authorization) {
        Link current = link();
        Exchange answer = current.template().send(current.endpoint(), exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, request.method());
            in.setHeader(Exchange.HTTP_PATH, request.path());
            in.setHeader(Exchange.HTTP_RAW_QUERY, request.query());
            in.setHeader("Accept", "application/json");
            in.setHeader("Authorization", authorization);
            in.setHeader(Exchange.CONTENT_TYPE, request.contentType());
            fixedHeaders.forEach(in::setHeader);
            in.setBody(request.body());
        });
        if (answer.getException() != null) {
            throw ApiErrors.unanswered(source, request.method(), request.path(), answer.getException());
        }
        Message response = answer.getMessage();
        int status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = response.getBody(byte[].class);
        if (status >= 200 && status < 300) {
            return new ApiResponse(status, body);
        }
        throw ApiErrors.failure(source, request.method(), request.path(), status, body,
                response.getHeader("Retry-After", String.class), clock);
    }

    private Link link() {
        Link current = link;
        if (current == null) {
            synchronized (this) {
                if (link == null) {
                    link = open();
                }
                current = link;
            }
        }
        return current;
    }

    private Link open() {
        // camel-http's automatic retries are disabled at start (ApiCallSteps.withoutAutomaticRetries)
        ProducerTemplate template = context.createProducerTemplate();
        try {
            context.addService(template, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the " + source + " producer template", e);
        }
        return new Link(context.getEndpoint(endpointUri), template);
    }
}
