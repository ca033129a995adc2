package ru.rabota.bridge.hh;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobRecord;

/**
 * The cases of a job command on hh.ru (route {@code hh-job}, routes/jobs-hh.camel.yaml), decided from what
 * {@code jobState} holds of its external_id (key {@code hh:<external_id>}, a {@link JobRecord} with the last body
 * sent). Pure.
 */
public enum HhVacancyCase {
    /** The bundle's own checks refused the command (or hh.ru is off here): nothing is sent. */
    REJECTED,
    /**
     * Upsert of an unknown external_id, of an intent, or of an archived vacancy, and revive of an archived one (or
     * of its intent, read again after a crash): an
     * intent ({@code creating}, with body and hash) is saved, then {@code POST /vacancies} (with {@code previous_id}
     * when there was one: hh.ru has no un-archive), then the new id → {@code created}, or {@code revived} when a
     * vacancy was there before. A 403 {@code vacancies: duplicate} (a repeated POST) adopts the vacancy named whose
     * {@code code} is the one sent (the external_id, or the hh object's code) instead of publishing twice. An upsert
     * of an intent sends the intent's body, which hh.ru knows for a duplicate of what it may have published; changed
     * content follows as {@link #UPDATE} (or is {@link #FIXED_FIELDS}).
     */
    PUBLISH,
    /**
     * Upsert of an active vacancy with changed content: {@code PUT /vacancies/{id}}, then a changed billing type and
     * manager each alone ({@link HhVacancyRequests#edits}) → {@code updated}.
     */
    UPDATE,
    /**
     * Upsert of an active vacancy with unchanged content: no call → {@code unchanged}; answered before the route
     * ({@link HhJobSteps#unchanged(JobCommand, String, String)}).
     */
    UNCHANGED,
    /** The Kafka record that made the record, read again after a crash: the answer it had, no call. */
    REPLAY,
    /** Close of an active vacancy: {@code PUT /employers/{employer_id}/vacancies/archived/{id}} → {@code closed}. */
    ARCHIVE,
    /** Close of an archived vacancy: no call → {@code closed}. */
    CLOSED_ALREADY,
    /** Close or revive of an external_id never published on hh.ru: {@code rejected}. */
    UNKNOWN,
    /**
     * Close while the publication is not confirmed (an intent), or revive of an external_id whose first publication
     * is not: {@code rejected}, upsert first.
     */
    UNCONFIRMED,
    /**
     * Revive of a vacancy recorded active: {@code GET /vacancies/{id}} first, since hh.ru archives an expired one
     * without a word; archived, {@link #PUBLISH}; else (a publication would cost money) {@code rejected}.
     */
    ACTIVE_ALREADY,
    /** Upsert that changes a field hh.ru sets at publication only (area, type): {@code rejected}. */
    FIXED_FIELDS;

    /**
     * @param known  the external_id's record on hh.ru, or null
     * @param body   the upsert's body ({@link HhVacancyRequests#body}); null for close and revive
     * @param hash   its content hash
     * @param record the command's Kafka record, null for a feed row
     */
    public static HhVacancyCase of(String command, JobRecord known, ObjectNode body, String hash, String record) {
        JobRecord.Status status = known == null ? null : known.status();
        if (JobCommand.UPSERT.equals(command)) {
            if (status != JobRecord.Status.ACTIVE) {
                return PUBLISH;
            }
            if (known.hash().equals(hash)) {
                return known.answerTo(record).isPresent() ? REPLAY : UNCHANGED;
            }
            return known.body() != null && !HhVacancyRequests.createOnlyChanges(known.body(), body).isEmpty()
                    ? FIXED_FIELDS : UPDATE;
        }
        if (status == null) {
            return UNKNOWN;
        }
        if (status == JobRecord.Status.CREATING) {
            // a revive's own intent (it names the vacancy before): the revive read again after a crash publishes
            // again, and a repeated POST adopts what the first one published
            return JobCommand.REVIVE.equals(command) && known.jobId() != null ? PUBLISH : UNCONFIRMED;
        }
        if (JobCommand.CLOSE.equals(command)) {
            return status == JobRecord.Status.ACTIVE ? ARCHIVE : CLOSED_ALREADY;
        }
        if (known.answerTo(record).isPresent()) {
            return REPLAY;
        }
        return status == JobRecord.Status.ACTIVE ? ACTIVE_ALREADY : PUBLISH;
    }

    /** The case of a name that {@link #id} gave. */
    public static HhVacancyCase of(String id) {
        return valueOf(id.replace('-', '_').toUpperCase(Locale.ROOT));
    }

    /** The name routes compare with: {@code publish}, {@code closed-already}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
