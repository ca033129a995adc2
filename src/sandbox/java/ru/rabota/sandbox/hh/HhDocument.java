package ru.rabota.sandbox.hh;

import java.util.List;
import java.util.Set;

import ru.rabota.sandbox.http.DocumentedRequests;
import ru.rabota.sandbox.http.DocumentedRequests.Body;
import ru.rabota.sandbox.http.DocumentedRequests.Request;

/**
 * The requests of hh.ru's public specification (api/hh/openapi-spec-2025-07.yaml, api/hh/operations/) that the
 * simulator serves, as the specification writes them: the query parameters each one names and how its body travels.
 * The simulator refuses with 400 {@code bad_argument} what the specification does not name, as a strict peer written
 * from it would (hh.ru itself ignores unknown parameters of a collection's list, and says so; the specification is the
 * contract, so the simulator holds the bundle to it). The fields of a JSON body are the handlers' to check
 * ({@code bad_json_data}, as hh.ru answers); here only that it is JSON.
 */
final class HhDocument {

    /** Every operation takes these. */
    private static final Set<String> EVERYWHERE = Set.of("locale", "host");
    /** A collection's list (get-collection-negotiations-list): paging, order and the filters. */
    private static final Set<String> COLLECTION_QUERY = Set.of("vacancy_id", "order_by", "page", "per_page",
            "age_from", "age_to", "area", "citizenship", "currency", "driver_license_types",
            "educational_institution", "education_level", "experience", "gender", "language", "relocation",
            "salary_from", "salary_to", "search_radius_meters", "search_text", "show_only_new_responses",
            "show_only_with_vehicle", "show_only_new");

    private HhDocument() {
    }

    static DocumentedRequests requests() {
        // the refresh grant names grant_type and refresh_token; CONTRACT.md section 5 sends a configured client too
        Set<String> tokenFields = Set.of("grant_type", "refresh_token", "client_id", "client_secret", "code",
                "redirect_uri");
        return new DocumentedRequests(List.of(
                Request.of("POST", "/token", Set.of()).body(Body.FORM, tokenFields),
                Request.of("POST", "/oauth/token", Set.of()).body(Body.FORM, tokenFields),
                Request.of("GET", "/me", Set.of()),
                Request.of("GET", "/employers/[^/]+/vacancies/active",
                        Set.of("page", "per_page", "manager_id", "text", "area", "resume_id", "order_by")),
                Request.of("GET", "/negotiations", Set.of("page", "per_page", "order_by", "order", "vacancy_id",
                        "status", "has_updates", "with_job_search_status", "with_generated_collections")),
                Request.of("GET", "/negotiations/\\d+", Set.of()),
                Request.of("GET", "/negotiations/[^/]+", COLLECTION_QUERY),
                // an action: its arguments[] as a form (the arguments documented so far, and those hh.ru's list of
                // them names)
                Request.of("PUT", "/negotiations/[^/]+/\\d+", Set.of()).body(Body.FORM,
                        Set.of("message", "address_id", "send_sms", "resume_id", "vacancy_id")),
                Request.of("GET", "/webhook/subscriptions", Set.of()),
                Request.of("POST", "/webhook/subscriptions", Set.of()).body(Body.JSON, null),
                Request.of("PUT", "/webhook/subscriptions/[^/]+", Set.of()).body(Body.JSON, null),
                Request.of("DELETE", "/webhook/subscriptions/[^/]+", Set.of()),
                Request.of("POST", "/vacancies", Set.of("ignore_duplicates")).body(Body.JSON, null),
                Request.of("GET", "/vacancies/[^/]+", Set.of()),
                Request.of("PUT", "/vacancies/[^/]+", Set.of("ignore_duplicates", "ignore_replacement_warning"))
                        .body(Body.JSON, null),
                Request.of("PUT", "/employers/[^/]+/vacancies/archived/[^/]+", Set.of())), EVERYWHERE);
    }
}
