package ru.rabota.bridge.hh;

/**
 * Headers of the hh.ru operations ({@code routes/hh-api.camel.yaml}) that name what a path is about. The calls
 * themselves are made by route {@code hh-call} (route template {@code api-attempt}) with the OAuth pair of
 * {@link HhOAuthTokens}.
 */
public final class HhApi {

    /** Header: the path of a collection's list below the API root, taken from its {@code url}. */
    public static final String COLLECTION_PATH = "bridgeHhCollectionPath";
    /** Header: the hh.ru vacancy id (of the negotiations poll's split, and of the vacancy operations). */
    public static final String VACANCY_ID = "bridgeHhVacancyId";

    private HhApi() {
    }
}
