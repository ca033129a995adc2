package ru.rabota.bridge.vk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import ru.rabota.bridge.api.ApiConfiguration;
import ru.rabota.bridge.api.ApiRetryPolicy;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.metrics.MetricsConfiguration;
import ru.rabota.bridge.testing.MovableClock;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.vk.VkSimulator;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * Boots the VK client as Camel Main does (BridgeJson, ApiConfiguration, MetricsConfiguration, VkConfiguration,
 * ApiRetryPolicy, routes/vk-api.camel.yaml) against a VK Работа simulator of its own, whose clock a test may move ({@link #clock}).
 * One context and one simulator per test class; the simulator's faults and request record and the bundle's token are
 * reset before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VkTestSupport extends CamelMainTestSupport {

    public static final String LOGIN = "acme-api";
    /** Characters that must be form-encoded, and easy to find in logs. */
    public static final String PASSWORD = "S3cret&pass=1 2";

    // set while CamelTestSupport's constructor asks for the properties, hence without initializers
    /** The simulator's clock: moved forward, it sees the bundle's token expired. */
    protected MovableClock clock;
    protected VkSimulator vk;

    /** The simulator of a test class; by default one that knows {@link #LOGIN} and {@link #PASSWORD}. */
    protected VkSimulatorConfig config() {
        return new VkSimulatorConfig().credentials(LOGIN, PASSWORD);
    }

    /** Extra properties of a test class (override properties win over everything). */
    protected Map<String, String> properties() {
        return Map.of();
    }

    /** Extra route files of a test class, comma-separated, or empty. */
    protected String extraRoutes() {
        return "";
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        clock = new MovableClock();
        vk = start(config().clock(clock));
        Properties properties = bridgeDefaults();
        properties.put("bridge.vk.base-url", vk.baseUrl());
        properties.put("bridge.vk.login", LOGIN);
        properties.put("bridge.vk.password", PASSWORD);
        // as in the lead's configuration: the readiness check vk-session must be found
        properties.put("camel.health.enabled", "true");
        properties.put("bridge.retry.initial-delay", "10ms");
        properties.put("bridge.retry.max-delay", "50ms");
        // bounded, as the tests of exhausted retries expect (the product retries transient failures without end)
        properties.put("bridge.retry.max-attempts", "6");
        properties.putAll(properties());
        return properties;
    }

    /** The bundle's own defaults ({@code bridge.*} of config/application.properties), none of its camel.* settings. */
    private static Properties bridgeDefaults() {
        Properties defaults = new Properties();
        try (InputStream in = VkTestSupport.class.getResourceAsStream("/application.properties")) {
            defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        defaults.keySet().removeIf(key -> !key.toString().startsWith("bridge."));
        return defaults;
    }

    /** Not the lead's config/application.properties (it would start the management server and Kafka). */
    @Override
    protected String getPropertyPlaceholderLocations() {
        return "classpath:no-such-file.properties;optional=true";
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.addConfiguration(BridgeJson.class);
        configuration.addConfiguration(ApiConfiguration.class);
        configuration.addConfiguration(MetricsConfiguration.class);
        configuration.addConfiguration(VkConfiguration.class);
        configuration.addRoutesBuilder(ApiRetryPolicy.class);
        String extra = extraRoutes();
        // the call routes' configuration (pass-failures-up) with them: without it the start stops
        // (RouteConfigurationsCheck)
        configuration.withRoutesIncludePattern("file:routes/vk-api.camel.yaml,file:routes/route-configurations.camel.yaml"
                + (extra.isEmpty() ? "" : "," + extra));
    }

    @BeforeEach
    void resetVk() {
        vk.faults().reset();
        vk.clearRequests();
        tokens().reset();
    }

    @AfterAll
    void stopVk() {
        vk.close();
    }

    protected VkSessionTokens tokens() {
        return context.getRegistry().lookupByNameAndType("vkSessionTokens", VkSessionTokens.class);
    }

    /** Sends to an operation's direct: endpoint; the returned exchange carries the answer or the exception. */
    protected Exchange call(String operation, Map<String, Object> headers, Object body) {
        return template.send("direct:" + operation, exchange -> {
            exchange.getIn().setHeaders(new HashMap<>(headers));
            exchange.getIn().setBody(body);
        });
    }

    /** The requests the simulator received with this method and path (below the API root), oldest first. */
    protected List<RecordedRequest> requests(String method, String path) {
        return vk.requests().stream().filter(request -> request.is(method, path)).toList();
    }

    /** A job in the simulator; its id. */
    protected String job(String externalId) {
        return Long.toString(vk.state().addJob("Курьер", externalId).id());
    }

    /** Holds the simulator's answer (a {@link ru.rabota.sandbox.http.Faults#beforeEach} action). */
    protected static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static VkSimulator start(VkSimulatorConfig config) {
        try {
            return new VkSimulator(config).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
