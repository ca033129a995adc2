package ru.rabota.bridge.vk;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.api.ApiAnswerMapper;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.api.ApiLimiter;
import ru.rabota.bridge.api.ApiRequestEncoder;
import ru.rabota.bridge.api.ReadinessCheck;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Binds the VK Работа client: {@code vkApiHealth} (the API's outage health, id {@code vk-api}), {@code vkLimiter}
 * (its calls in flight and their pace), {@code vkSessionTokens}, {@code vkRequests} and {@code vkAnswers} (the steps of
 * route {@code vk-call}), {@code vkJobFinder} (the steps of the look-up of a job by external_id),
 * {@code vkCreatedBefore} (that look-up before a repeated {@code POST /jobs}), {@code vkStatusReachedBefore} (the read
 * of a job before a repeated close or revive), {@code vkPages} (the steps of {@code vk-all-pages}) and the readiness
 * check {@code vkSessionHealth} (id {@code vk-session}), which Camel's health registry finds in the registry.
 */
public class VkConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.retry.max-delay")
    Duration maxRetryDelay;
    @PropertyInject("bridge.jobs.concurrency")
    int apiConcurrency;
    @PropertyInject("bridge.vk.login")
    String login;
    @PropertyInject("bridge.vk.password")
    String password;
    @PropertyInject("bridge.vk.token-refresh-margin")
    Duration refreshMargin;

    @Override
    public void configure(CamelContext context) {
        // built now, so that the health meets the context's start
        context.getRegistry().lookupByName("vkApiHealth");
    }

    /** How many calls to VK Работа are in flight at once and how fast they start, for every flow (route vk-call). */
    @BindToRegistry(value = "vkLimiter", lazy = true)
    public ApiLimiter vkLimiter(@BeanInject("bridgeMeters") BridgeMeters meters) {
        return new ApiLimiter("vk", apiConcurrency, meters);
    }

    @BindToRegistry(value = "vkApiHealth", lazy = true)
    public ApiHealth vkApiHealth(@BeanInject("bridgeMeters") BridgeMeters meters, CamelContext context) {
        // made with the routes at start, as the health check is not: it is looked up when the gauge is read
        meters.apiAccess("vk", () -> context.getRegistry().lookupByNameAndType("vkSessionHealth",
                VkSessionHealthCheck.class).granted());
        return ApiHealth.of(meters, "vk", "VK Работа API", maxRetryDelay);
    }

    @BindToRegistry(value = "vkSessionTokens", lazy = true)
    public VkSessionTokens vkSessionTokens(CamelContext context) throws Exception {
        return new VkSessionTokens(TokenRequests.to(context, "direct:vk-session-request"), login, password,
                refreshMargin, Clock.systemUTC(),
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "VkSessionRenewal"));
    }

    /** The steps of route vk-call (template api-attempt) before the HTTP request: encode, authorize, request. */
    @BindToRegistry(value = "vkRequests", lazy = true)
    public ApiRequestEncoder vkRequests(@BeanInject("vkSessionTokens") VkSessionTokens tokens,
            @BeanInject("bridgeJson") ObjectMapper json) {
        return new ApiRequestEncoder(Map.of(), tokens, json);
    }

    /** The steps of route vk-call after the HTTP request: the answer, or none. */
    @BindToRegistry(value = "vkAnswers", lazy = true)
    public ApiAnswerMapper vkAnswers(@BeanInject("vkApiHealth") ApiHealth health,
            @BeanInject("vkSessionTokens") VkSessionTokens tokens, @BeanInject("bridgeJson") ObjectMapper json) {
        return new ApiAnswerMapper("vk", tokens, health, json);
    }

    @BindToRegistry(value = "vkJobFinder", lazy = true)
    public VkJobFinder vkJobFinder() {
        return new VkJobFinder();
    }

    @BindToRegistry(value = "vkCreatedBefore", lazy = true)
    public VkCreatedBefore vkCreatedBefore(@BeanInject("bridgeJson") ObjectMapper json) {
        return new VkCreatedBefore(json);
    }

    @BindToRegistry(value = "vkStatusReachedBefore", lazy = true)
    public VkStatusReachedBefore vkStatusReachedBefore() {
        return new VkStatusReachedBefore();
    }

    @BindToRegistry(value = "vkSessionHealth", lazy = true)
    public VkSessionHealthCheck vkSessionHealth(@BeanInject("vkSessionTokens") VkSessionTokens tokens,
            CamelContext context) {
        return new VkSessionHealthCheck(tokens, ReadinessCheck.countsForReadiness(context));
    }

    @BindToRegistry(value = "vkPages", lazy = true)
    public VkPages vkPages() {
        return new VkPages();
    }
}
