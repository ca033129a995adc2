package ru.rabota.bridge.backgrounds;

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

    /** The results' Kafka key: the external_id, else the job id, else {@code user}. */
    public String key() {
        return externalId != null ? externalId : jobId != null ? jobId : "user";
    }
}
