package ru.rabota.bridge.hh;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.kafka.clients.producer.ProducerConfig;

import ru.rabota.bridge.api.ApiHttp;
import ru.rabota.bridge.kafka.KafkaClientSettings;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the hh.ru negotiations poller: {@code hhApi} (the call processor of {@code routes/hh-api.camel.yaml}),
 * {@code hhOAuthTokens}, {@code hhPoll} (the steps of {@code routes/hh-negotiations.camel.yaml}), the route policy
 * {@code hhPollGuard} and the readiness check {@code hhHealth} (id {@code hh}). Everything is bound whether or not
 * polling is enabled; the guard decides whether the poll route starts.
 */
public class HhConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.hh.enabled", defaultValue = "false")
    boolean enabled;
    @PropertyInject(value = "bridge.hh.base-url", defaultValue = "https://api.hh.ru")
    String baseUrl;
    @PropertyInject(value = "bridge.hh.token-url", defaultValue = "https://hh.ru/oauth/token")
    String tokenUrl;
    @PropertyInject(value = "bridge.hh.per-page", defaultValue = "50")
    int perPage;
    @PropertyInject(value = "bridge.state.timeout", defaultValue = "30s")
    Duration stateTimeout;

    @Override
    public void configure(CamelContext context) throws Exception {
        String accessToken = optional(context, "bridge.hh.access-token");
        String refreshToken = optional(context, "bridge.hh.refresh-token");
        String clientId = optional(context, "bridge.hh.client-id");
        String clientSecret = optional(context, "bridge.hh.client-secret");
        String userAgent = optional(context, "bridge.hh.user-agent");
        String vacancyIds = optional(context, "bridge.hh.vacancy-ids");
        HhSettings settings = new HhSettings(enabled, userAgent, vacancyIds);
        // hh.ru reads HH-User-Agent first; some proxies rewrite User-Agent, so both carry the same name
        Map<String, String> agent = settings.userAgentMissing() ? Map.of()
                : Map.of("User-Agent", userAgent, "HH-User-Agent", userAgent);
        URI token = URI.create(tokenUrl);
        ApiHttp tokenHttp = new ApiHttp(context, "hh", token.getScheme() + "://" + token.getRawAuthority(), agent);
        HhOAuthTokens tokens = new HhOAuthTokens(store(context, "watermarkState"),
                new HhOAuthTokens.Client(tokenHttp, token.getRawPath(), clientId, clientSecret), accessToken,
                refreshToken);
        ObjectMapper mapper = new ObjectMapper();
        // the seam to the shared emission of application events: replace this emitter to change how they are written
        KafkaApplicationEmitter emitter = new KafkaApplicationEmitter(Topic.APPLICATIONS.topicName(context),
                () -> KafkaClientSettings.forClient(KafkaClientSettings.component(context),
                        ProducerConfig.configNames()),
                store(context, "applicationState"), stateTimeout);
        context.addService(emitter, true, false);

        Registry registry = context.getRegistry();
        registry.bind("hhOAuthTokens", tokens);
        registry.bind("hhApi", new HhApiCall(new ApiHttp(context, "hh", baseUrl, agent), tokens, mapper));
        registry.bind("hhPoll", new HhNegotiationsPoll(vacancyIds, perPage, new HhLinks(baseUrl),
                new HhNegotiationEvents(store(context, "applicationState"), emitter, mapper)));
        registry.bind("hhPollGuard", new HhPollGuard(settings));
        registry.bind("hhHealth", new HhHealthCheck(settings, tokens));
    }

    /** A property whose default is empty (which {@code @PropertyInject} cannot express). */
    private static String optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("");
    }

    /** A state store of StateConfiguration, looked up on first use: configurations run in no set order. */
    private static Supplier<KafkaStateStore> store(CamelContext context, String name) {
        return () -> {
            KafkaStateStore store = context.getRegistry().lookupByNameAndType(name, KafkaStateStore.class);
            if (store == null) {
                throw new IllegalStateException("no state store '" + name + "' is bound");
            }
            return store;
        };
    }
}
