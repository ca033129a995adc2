package ru.rabota.bridge.vk;

/**
 * Headers of the VK Работа operations ({@code routes/vk-api.camel.yaml}) that name what a path is about. The calls
 * themselves are made by route {@code vk-call} (route template {@code api-attempt}).
 */
public final class VkApi {

    /** Header: the VK job id in operation paths ({@code /jobs/<id>}). */
    public static final String JOB_ID = "bridgeJobId";
    /** Header: the VK application id ({@code /applications/<id>/proceed}). */
    public static final String APPLICATION_ID = "bridgeApplicationId";
    /** Header: the external_id route {@code vk-job-by-external-id} looks for. */
    public static final String EXTERNAL_ID = "bridgeJobExternalId";
    /** Header: the VK candidate id ({@code /candidates/<id>/phone}). */
    public static final String CANDIDATE_ID = "bridgeCandidateId";

    private VkApi() {
    }
}
