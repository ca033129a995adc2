package ru.rabota.sandbox.vk;

import java.util.List;
import java.util.Set;

import ru.rabota.sandbox.http.DocumentedRequests;
import ru.rabota.sandbox.http.DocumentedRequests.Body;
import ru.rabota.sandbox.http.DocumentedRequests.Request;

/**
 * The requests of vk-rabota-external-api.md as the document writes them: the parameters each one names and how its
 * body travels. The simulator refuses with 422 (the service's answer to parameters it cannot use) what the document
 * does not name, so that a bundle passing against it sends the document's requests, not merely ones a Rails
 * application would also read.
 */
final class VkDocument {

    /** The paging of the JSON:API lists. */
    private static final Set<String> PAGES = Set.of("page[number]", "page[size]");
    /**
     * The dictionaries name no parameter; the JSON:API ones the service pages link their pages with the paging of
     * the other lists (the simulator's links carry the size a request gave). Professions and regions are plain lists.
     */
    private static final Set<String> LINKED_PAGES = PAGES;
    /** The attributes of the model Job a client may send (id, status, current_publication_type are the service's). */
    static final Set<String> JOB_ATTRIBUTES = Set.of("title", "description", "lat", "long", "address",
            "profession_id", "salary_from", "salary_to", "salary_period", "autoreply_text", "has_autoreply",
            "contact_phone", "expires_at", "auto_renew", "remote", "external_id");
    /** Candidate search: the required locations and the optional filters of the document. */
    static final Set<String> CANDIDATE_FILTERS = Set.of("address", "city_id", "region_id", "lat", "long",
            "distance_to", "page", "per_page", "month_of_experience", "key_word", "nationality_id", "has_avatar",
            "medical_record", "sex", "has_comment", "show_bought", "driving_license_categories",
            "age_from", "age_to");

    private VkDocument() {
    }

    static DocumentedRequests requests() {
        return new DocumentedRequests(List.of(
                Request.of("POST", "/session", Set.of()).body(Body.FORM, Set.of("login", "password")),
                Request.of("GET", "/jobs", PAGES),
                Request.of("POST", "/jobs", Set.of())
                        .body(Body.JSON, Set.of("job", "profession_id", "publication_type"))
                        .nested("job", JOB_ATTRIBUTES),
                Request.of("PUT", "/jobs/[^/]+", Set.of())
                        .body(Body.JSON, Set.of("job", "profession_id", "publication_type"))
                        .nested("job", JOB_ATTRIBUTES),
                Request.of("GET", "/jobs/[^/]+", Set.of()),
                Request.of("POST", "/jobs/[^/]+/close", Set.of("reason")).body(Body.PARAMETERS, Set.of("reason")),
                Request.of("POST", "/jobs/[^/]+/revive", Set.of("publication_type"))
                        .body(Body.PARAMETERS, Set.of("publication_type")),
                Request.of("GET", "/categories", LINKED_PAGES),
                Request.of("GET", "/professions", Set.of()),
                Request.of("GET", "/regions", Set.of()),
                Request.of("GET", "/cities", LINKED_PAGES),
                Request.of("GET", "/nationalities", LINKED_PAGES),
                Request.of("GET", "/applications",
                        Set.of("page[number]", "page[size]", "job_id", "status", "status[]", "created_from")),
                Request.of("POST", "/applications/[^/]+/proceed", Set.of())
                        .body(Body.JSON, Set.of("application")).nested("application", Set.of("status")),
                Request.of("GET", "/company", Set.of()),
                Request.of("GET", "/vas_transactions", PAGES),
                Request.of("POST", "/paid_actions", Set.of()).body(Body.JSON, Set.of("actions", "use_account")),
                Request.of("GET", "/candidates", CANDIDATE_FILTERS),
                Request.of("GET", "/candidates/[^/]+/phone", Set.of()),
                Request.of("PUT", "/background", Set.of())
                        .body(Body.MULTIPART, Set.of("data", "job_ids[]", "crop_h", "crop_w", "crop_x", "crop_y")),
                Request.of("DELETE", "/background", Set.of()).body(Body.JSON, Set.of("job_ids")),
                Request.of("GET", "/packets", Set.of("fias_id", "status")),
                Request.of("GET", "/packets/categories_balance", Set.of())), Set.of());
    }
}
