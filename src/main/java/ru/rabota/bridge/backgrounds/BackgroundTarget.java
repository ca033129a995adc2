package ru.rabota.bridge.backgrounds;

import ru.rabota.bridge.log.LogText;

/**
 * What a background is for: a job, named by the customer's {@code external_id} and/or its VK {@code job_id}, or the
 * API user's own background (both null), which jobs without one of their own show.
 *
 * @param jobId null for the user, or when the external_id is unknown
 */
public record BackgroundTarget(String externalId, String jobId) {

    public static final BackgroundTarget USER = new BackgroundTarget(null, null);

    public boolean user() {
        return externalId == null && jobId == null;
    }

    /**
     * What is wrong with a job id given as one ({@code job_ids}), or null: VK Работа's ids are numbers, and VK leaves a
     * job it does not know out of its answer, so the customer's own id given there ended {@code failed} after a call.
     */
    public String jobIdViolation() {
        if (externalId != null || jobId == null || jobId.matches("\\d{1,18}")) {
            return null;
        }
        return "job_ids: \"" + LogText.cut(jobId) + "\" is no VK Работа job id (a number); name a job the bundle"
                + " published by its external_id";
    }

    /** Whether VK is to be asked about it: the user, or a job with a VK job id. */
    public boolean callable() {
        return user() || jobId != null && jobIdViolation() == null;
    }

    /** The results' Kafka key: the external_id, else the job id, else {@code user}. */
    public String key() {
        return externalId != null ? externalId : jobId != null ? jobId : "user";
    }
}
