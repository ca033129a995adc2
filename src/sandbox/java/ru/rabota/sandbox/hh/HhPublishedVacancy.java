package ru.rabota.sandbox.hh;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A vacancy as the simulated hh.ru holds it: the body of its publication with every accepted edit applied, whether
 * it is archived, the archived vacancy it replaced and the employer's own {@code code}. A vacancy given in the
 * configuration or through {@link HhSimulator#addVacancy} has a body made from its name: Москва, open, standard.
 * {@link #body()} is a copy: changing it changes nothing in the simulator.
 *
 * @param previousId the {@code previous_id} it was published with, or null
 * @param code       {@code code} of the body, or null
 */
public record HhPublishedVacancy(String id, ObjectNode body, boolean archived, String previousId, String code,
        OffsetDateTime publishedAt) {

    public HhPublishedVacancy {
        body = body.deepCopy();
    }

    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    public String name() {
        return body.path("name").asText();
    }

    /** {@code area.id} of the body. */
    public String areaId() {
        return body.path("area").path("id").asText();
    }

    HhPublishedVacancy archive() {
        return new HhPublishedVacancy(id, body, true, previousId, code, publishedAt);
    }

    HhPublishedVacancy activate() {
        return new HhPublishedVacancy(id, body, false, previousId, code, publishedAt);
    }

    /** The body with the edit's fields replacing the old ones whole, as hh.ru edits composite fields. */
    HhPublishedVacancy edited(ObjectNode edit) {
        ObjectNode merged = body.deepCopy();
        merged.setAll(edit.deepCopy());
        return new HhPublishedVacancy(id, merged, archived, previousId, textOrNull(merged.get("code")),
                publishedAt);
    }

    static String textOrNull(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
