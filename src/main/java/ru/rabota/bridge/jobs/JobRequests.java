package ru.rabota.bridge.jobs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.json.BridgeJson;

/** The VK Работа request bodies and parameters of a validated job command. */
public final class JobRequests {

    /** The API's own defaults, sent explicitly so that what the bundle asked for is on record. */
    public static final String DEFAULT_CLOSE_REASON = "closed_irrelevant";
    public static final String DEFAULT_PUBLICATION_TYPE = "job_publish";

    /**
     * The optional job attributes an update clears when the command leaves them out: VK Работа's {@code PUT} edits
     * only the attributes sent, and documents these as taking {@code null}. Flags the command leaves out keep VK's
     * value.
     */
    static final List<String> CLEARED_BY_UPDATE = List.of("salary_from", "salary_to", "salary_period",
            "contact_phone");

    private JobRequests() {
    }

    /**
     * The body of {@code POST /jobs}, and what an update sends ({@link #updateBody}):
     * {@code {"job": {..., "external_id": "..."}, "profession_id": N, "publication_type": "..."}}. Attributes the
     * command leaves out are not sent; unknown job attributes are sent unchanged; {@code publication_type} only when
     * the command has one. Its hash is the job's content ({@link ContentHash}).
     *
     * @param professionId {@link Validation#professionId()} of this command
     * @throws ArithmeticException when a salary is not an integer (the validator rejects such commands)
     */
    public static ObjectNode upsertBody(JobCommand command, int professionId) {
        ObjectNode job = BridgeJson.MAPPER.valueToTree(command.job());
        job.put("external_id", command.externalId());
        integer(job, "salary_from", command.job().salaryFrom());
        integer(job, "salary_to", command.job().salaryTo());
        ObjectNode body = BridgeJson.MAPPER.createObjectNode().set("job", job);
        body.put("profession_id", professionId);
        if (command.publicationType() != null) {
            body.put("publication_type", command.publicationType());
        }
        return body;
    }

    /**
     * The body of {@code PUT /jobs/<id>}: the {@link #upsertBody} with {@code null} for each of
     * {@link #CLEARED_BY_UPDATE} the command leaves out, so that a salary or phone taken out of the vacancy leaves
     * the board too (VK would keep it).
     */
    public static ObjectNode updateBody(ObjectNode upsertBody) {
        ObjectNode body = upsertBody.deepCopy();
        ObjectNode job = (ObjectNode) body.get("job");
        CLEARED_BY_UPDATE.stream().filter(field -> !job.has(field)).forEach(job::putNull);
        return body;
    }

    /** The {@code reason} of {@code POST /jobs/<id>/close}. */
    public static Map<String, String> closeParams(JobCommand command) {
        return Map.of("reason", Objects.requireNonNullElse(command.reason(), DEFAULT_CLOSE_REASON));
    }

    /** The {@code publication_type} of {@code POST /jobs/<id>/revive}. */
    public static Map<String, String> reviveParams(JobCommand command) {
        return Map.of("publication_type",
                Objects.requireNonNullElse(command.publicationType(), DEFAULT_PUBLICATION_TYPE));
    }

    // the API documents salaries as integers: 50000.0 from a spreadsheet goes out as 50000
    private static void integer(ObjectNode job, String field, BigDecimal value) {
        if (value != null) {
            job.put(field, value.toBigIntegerExact());
        }
    }
}
