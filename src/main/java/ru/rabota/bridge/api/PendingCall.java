package ru.rabota.bridge.api;

import java.util.Map;

import org.apache.camel.Exchange;

/**
 * The attempt under way, in exchange property {@value ApiHeaders#CALL} from {@link ApiRequestEncoder#encode} to
 * {@link ApiAnswerMapper#answer}: the encoded request, and the caller's message as it came, to be given back.
 *
 * @param url the URL the call goes to instead of the call route's root, or null
 */
record PendingCall(ApiRequest request, boolean anonymous, String url, Map<String, Object> headers, Object body) {

    static PendingCall of(Exchange exchange) {
        return exchange.getProperty(ApiHeaders.CALL, PendingCall.class);
    }

    /**
     * Ends the attempt with a failure, as its caller is to see it ({@link ApiAuth#classify}); notes whether the request
     * may have taken effect all the same ({@link ApiHeaders#UNSURE}). A call without token (a token request) has no
     * access to refuse: its token store judges the failure itself.
     */
    static ApiException failed(Exchange exchange, ApiException failure, ApiAuth auth) {
        boolean unsure = failure.httpStatus() == 0 || failure.httpStatus() >= 500;
        if (unsure) {
            exchange.setProperty(ApiHeaders.ACTED_MAYBE, true);
        }
        return ended(exchange, failure, auth, unsure);
    }

    /**
     * Ends the attempt before its request went out (no token could be had): whatever the token request met, nothing
     * of this call can have taken effect.
     */
    static ApiException unsent(Exchange exchange, ApiException failure, ApiAuth auth) {
        return ended(exchange, failure, auth, false);
    }

    private static ApiException ended(Exchange exchange, ApiException failure, ApiAuth auth, boolean unsure) {
        PendingCall call = (PendingCall) exchange.removeProperty(ApiHeaders.CALL);
        exchange.setProperty(ApiHeaders.UNSURE, unsure);
        return call.anonymous() ? failure : auth.classify(failure);
    }
}
