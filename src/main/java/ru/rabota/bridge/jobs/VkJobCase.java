package ru.rabota.bridge.jobs;

import java.util.Locale;

/**
 * The cases of a job command on VK Работа (route {@code vk-job}, routes/jobs-vk.camel.yaml), decided from what
 * {@code jobState} holds of its external_id ({@link JobRecord}): which calls the command makes and what it records.
 * Pure.
 */
public enum VkJobCase {
    /** The bundle's own checks refused the command: nothing is sent. */
    REJECTED,
    /**
     * Upsert of an unknown external_id: an intent ({@code creating}, with the body's hash) is saved, then
     * {@code POST /jobs}, then the job id ({@code active}) → {@code created}. A refused POST removes the intent.
     */
    CREATE,
    /**
     * An intent found: the process died between the POST and saving the job id, or the POST failed for good with
     * its outcome unknown. The job is looked up by external_id first; {@link #afterLookUp} says what follows.
     */
    LOOK_UP,
    /**
     * Upsert, the job of an intent found: adopted, with a {@code PUT} first when the content differs →
     * {@code created}.
     */
    ADOPT,
    /**
     * Upsert, active job, the body's hash equal to the saved one: no call at all → {@code unchanged}; answered
     * before the route ({@link VkJobSteps#unchanged(JobCommand, String, String)}).
     */
    UNCHANGED,
    /** Upsert, active job, changed content: {@code PUT /jobs/<id>} → {@code updated}. */
    UPDATE,
    /**
     * The Kafka record that made the job's record, read again after a crash (its call made, its answer lost): the
     * job read back ({@code GET /jobs/<id>}) with the answer it had, never {@code unchanged}.
     */
    REPLAY,
    /**
     * Revive, or upsert of a job this bundle closed (an upsert says "publish this": a {@code PUT} first when the
     * content changed): {@code POST /jobs/<id>/revive} → {@code revived}.
     */
    REVIVE,
    /** Close: {@code POST /jobs/<id>/close} → {@code closed}. */
    CLOSE,
    /** Close of a job this bundle closed already: no call (the API would refuse a second close) → {@code closed}. */
    CLOSED_ALREADY,
    /** Close or revive of an external_id without a job: {@code rejected} without a call. */
    UNKNOWN;

    /**
     * @param known  the external_id's record, or null
     * @param hash   the upsert body's {@link ContentHash}; null for close and revive
     * @param record the command's Kafka record, null for a feed row
     */
    public static VkJobCase of(String command, JobRecord known, String hash, String record) {
        boolean upsert = JobCommand.UPSERT.equals(command);
        if (known == null) {
            return upsert ? CREATE : UNKNOWN;
        }
        if (known.status() == JobRecord.Status.CREATING) {
            return LOOK_UP;
        }
        if (upsert) {
            if (known.status() == JobRecord.Status.CLOSED) {
                return REVIVE;
            }
            if (!known.hash().equals(hash)) {
                return UPDATE;
            }
            return known.answerTo(record).isPresent() ? REPLAY : UNCHANGED;
        }
        boolean close = JobCommand.CLOSE.equals(command);
        if (close && known.status() == JobRecord.Status.CLOSED) {
            return CLOSED_ALREADY;
        }
        if (known.answerTo(record).isPresent()) {
            return REPLAY;
        }
        return close ? CLOSE : REVIVE;
    }

    /**
     * After {@link #LOOK_UP}: an upsert adopts the job found, or creates it; a close or revive goes on with the job
     * found, or has none (its intent is forgotten).
     *
     * @param adopted the intent's record with the job found, or null when none was found
     */
    public static VkJobCase afterLookUp(String command, JobRecord adopted, String hash, String record) {
        if (JobCommand.UPSERT.equals(command)) {
            return adopted == null ? CREATE : ADOPT;
        }
        return adopted == null ? UNKNOWN : of(command, adopted, hash, record);
    }

    /** The name routes compare with: {@code create}, {@code look-up}, {@code closed-already}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
