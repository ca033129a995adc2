package ru.rabota.bridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Sends a token store's request (VK Работа's {@code POST /session}, hh.ru's refresh) to its route
 * ({@code direct:vk-session-request}, {@code direct:hh-token-request}), which makes it with the API's call route. An
 * exchange of its own: the token is asked for while a call waits for it, in the middle of that call's attempt.
 */
public final class TokenRequests {

    private final ProducerTemplate template;
    private final String endpointUri;

    private TokenRequests(ProducerTemplate template, String endpointUri) {
        this.template = template;
        this.endpointUri = endpointUri;
    }

    /** Requests to {@code endpointUri}, by a template that starts and stops with the context. */
    public static TokenRequests to(CamelContext context, String endpointUri) throws Exception {
        ProducerTemplate template = context.createProducerTemplate();
        context.addService(template, true, false);
        return new TokenRequests(template, endpointUri);
    }

    /**
     * Sends the form; returns the 2xx answer, or throws the route's {@link ApiException} (status 0 when no answer
     * came).
     */
    public ApiResponse send(ApiForm form) {
        Exchange done = template.send(endpointUri, exchange -> exchange.getMessage().setBody(form));
        Exception failure = done.getException();
        if (failure instanceof RuntimeException thrown) {
            throw thrown;
        }
        if (failure != null) {
            throw new IllegalStateException(endpointUri + " failed", failure);
        }
        Message answer = done.getMessage();
        return new ApiResponse(answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                answer.getBody(JsonNode.class));
    }
}
