package ru.rabota.bridge.vk;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.api.ApiHttp;

/**
 * Binds the VK Работа client: {@code vkApiHealth} (the API's outage health, id {@code vk-api}),
 * {@code vkSessionTokens}, {@code vkApi} (the call processor), {@code vkCreateJob} (the processor of
 * {@code POST /jobs}, safe to repeat), {@code vkOperations} (named operations called from Java), {@code vkJobFinder}
 * and the readiness check {@code vkSessionHealth} (id {@code vk-session}), which Camel's health registry finds in the
 * registry.
 */
public class VkConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.vk.base-url")
    String baseUrl;
    @PropertyInject("bridge.vk.login")
    String login;
    @PropertyInject("bridge.vk.password")
    String password;
    @PropertyInject("bridge.vk.token-refresh-margin")
    Duration refreshMargin;

    @Override
    public void configure(CamelContext context) {
        // built now, so that the health meets the context's start and the template starts and stops with it
        context.getRegistry().lookupByName("vkApiHealth");
        context.getRegistry().lookupByName("vkOperations");
    }

    @BindToRegistry(value = "vkApiHealth", lazy = true)
    public ApiHealth vkApiHealth(CamelContext context) throws Exception {
        return ApiHealth.of(context, "vk", "VK Работа API");
    }

    @BindToRegistry(value = "vkSessionTokens", lazy = true)
    public VkSessionTokens vkSessionTokens(CamelContext context, @BeanInject("vkApiHealth") ApiHealth health) {
        return new VkSessionTokens(http(context, health), login, password, refreshMargin, Clock.systemUTC());
    }

    @BindToRegistry(value = "vkApi", lazy = true)
    public VkApi vkApi(CamelContext context, @BeanInject("vkApiHealth") ApiHealth health,
            @BeanInject("vkSessionTokens") VkSessionTokens tokens, @BeanInject("bridgeJson") ObjectMapper json) {
        return new VkApi(http(context, health), tokens, json);
    }

    @BindToRegistry(value = "vkCreateJob", lazy = true)
    public VkJobCreate vkCreateJob(@BeanInject("vkApi") VkApi api, @BeanInject("vkJobFinder") VkJobFinder finder,
            @BeanInject("bridgeJson") ObjectMapper json) {
        return new VkJobCreate(api, finder, json);
    }

    @BindToRegistry(value = "vkOperations", lazy = true)
    public VkOperations vkOperations(CamelContext context) throws Exception {
        ProducerTemplate template = context.createProducerTemplate();
        context.addService(template, true, false);
        return new VkOperations(template);
    }

    @BindToRegistry(value = "vkJobFinder", lazy = true)
    public VkJobFinder vkJobFinder(@BeanInject("vkOperations") VkOperations operations) {
        return new VkJobFinder(operations);
    }

    @BindToRegistry(value = "vkSessionHealth", lazy = true)
    public VkSessionHealthCheck vkSessionHealth(@BeanInject("vkSessionTokens") VkSessionTokens tokens) {
        return new VkSessionHealthCheck(tokens);
    }

    /** The API's HTTP client (stateless; the outage health is the one of {@code vkApiHealth}). */
    private ApiHttp http(CamelContext context, ApiHealth health) {
        return new ApiHttp(context, "vk", baseUrl, Map.of(), health);
    }
}
