package ru.rabota.bridge.vk;

import com.fasterxml.jackson.databind.ObjectMapper;
import ru.rabota.bridge.api.ApiCall;
import ru.rabota.bridge.api.ApiHttp;

/**
 * The VK Работа call processor, bound as {@code vkApi}: {@link ApiCall} with the session token of
 * {@link VkSessionTokens}. The named operations in {@code routes/vk-api.camel.yaml} use it.
 */
public final class VkApi extends ApiCall {

    /** Header: the VK job id in operation paths ({@code /jobs/<id>}). */
    public static final String JOB_ID = "bridgeJobId";
    /** Header: the VK application id ({@code /applications/<id>/proceed}). */
    public static final String APPLICATION_ID = "bridgeApplicationId";
    /** Header: the VK candidate id ({@code /candidates/<id>/phone}). */
    public static final String CANDIDATE_ID = "bridgeCandidateId";

    public VkApi(ApiHttp http, VkSessionTokens tokens, ObjectMapper mapper) {
        super(http, tokens, mapper);
    }
}
