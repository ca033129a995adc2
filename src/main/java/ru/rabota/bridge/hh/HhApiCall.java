package ru.rabota.bridge.hh;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiCall;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHttp;

/**
 * The hh.ru call processor, bound as {@code hhApi}: {@link ApiCall} with the OAuth pair of {@link HhOAuthTokens}.
 * A refused token or User-Agent becomes {@link HhAccessException}, which no retry mends. The named operations in
 * {@code routes/hh-api.camel.yaml} use it.
 */
public final class HhApiCall extends ApiCall {

    /** Header: the path of a collection's list below the API root, taken from its {@code url}. */
    public static final String COLLECTION_PATH = "bridgeHhCollectionPath";
    /** Header: the hh.ru vacancy id (of the negotiations poll's split, and of the vacancy operations). */
    public static final String VACANCY_ID = "bridgeHhVacancyId";

    private final HhOAuthTokens tokens;

    public HhApiCall(ApiHttp http, HhOAuthTokens tokens, ObjectMapper mapper) {
        super(http, tokens, mapper);
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        try {
            super.process(exchange);
        } catch (ApiException failure) {
            throw tokens.classify(failure);
        }
    }
}
