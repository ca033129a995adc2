package ru.rabota.bridge.vk;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.api.ApiHttp;
import ru.rabota.bridge.json.BridgeJson;

/**
 * Binds the VK Работа client: {@code vkSessionTokens}, {@code vkApi} (the call processor), {@code vkCreateJob}
 * (the processor of {@code POST /jobs}, safe to repeat), {@code vkOperations} (named operations called from Java),
 * {@code vkJobFinder} and the readiness check {@code vkSessionHealth} (id {@code vk-session}), which Camel's health
 * registry finds in the registry.
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
    public void configure(CamelContext context) throws Exception {
        ApiHttp http = new ApiHttp(context, "vk", baseUrl, Map.of(), ApiHealth.bind(context, "vk", "VK Работа API"));
        VkSessionTokens tokens = new VkSessionTokens(http, login, password, refreshMargin, Clock.systemUTC());
        Registry registry = context.getRegistry();
        registry.bind("vkSessionTokens", tokens);
        VkApi api = new VkApi(http, tokens, BridgeJson.MAPPER);
        ProducerTemplate template = context.createProducerTemplate();
        context.addService(template, true, false);
        VkOperations operations = new VkOperations(template);
        VkJobFinder finder = new VkJobFinder(operations);
        registry.bind("vkApi", api);
        registry.bind("vkCreateJob", new VkJobCreate(api, finder, BridgeJson.MAPPER));
        registry.bind("vkOperations", operations);
        registry.bind("vkJobFinder", finder);
        registry.bind("vkSessionHealth", new VkSessionHealthCheck(tokens));
    }
}
