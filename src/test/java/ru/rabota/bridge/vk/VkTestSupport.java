package ru.rabota.bridge.vk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import ru.rabota.bridge.api.ApiConfiguration;
import ru.rabota.bridge.api.ApiRetryPolicy;
import ru.rabota.bridge.json.BridgeJson;

/**
 * Boots the VK client as Camel Main does (BridgeJson, ApiConfiguration, VkConfiguration, ApiRetryPolicy, routes/vk-api.camel.yaml)
 * against WireMock playing VK Работа. One context per test class; WireMock and the token are reset before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VkTestSupport extends CamelMainTestSupport {

    /** One VK peer for the whole test run: an http and an https port. */
    public static final WireMockServer VK = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
    public static final String LOGIN = "acme-api";
    /** Characters that must be form-encoded, and easy to find in logs. */
    public static final String PASSWORD = "S3cret&pass=1 2";

    static {
        VK.start();
        Runtime.getRuntime().addShutdownHook(new Thread(VK::stop));
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
        Properties properties = bridgeDefaults();
        properties.put("bridge.vk.base-url", "http://localhost:" + VK.port());
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
        configuration.addConfiguration(VkConfiguration.class);
        configuration.addRoutesBuilder(ApiRetryPolicy.class);
        String extra = extraRoutes();
        configuration.withRoutesIncludePattern("file:routes/vk-api.camel.yaml" + (extra.isEmpty() ? "" : "," + extra));
    }

    @BeforeEach
    void resetVk() {
        VK.resetAll();
        tokens().reset();
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

    /** Stubs of the same request answered one after the other; the last one stays. */
    public static void inTurn(MappingBuilder... stubs) {
        String state = Scenario.STARTED;
        for (int i = 0; i < stubs.length; i++) {
            String next = "turn " + (i + 1);
            ScenarioMappingBuilder stub = stubs[i].inScenario("turns").whenScenarioStateIs(state);
            VK.stubFor(i < stubs.length - 1 ? stub.willSetStateTo(next) : stub);
            state = next;
        }
    }

    /** POST /session answers this token. */
    public static MappingBuilder session(String token) {
        return post(urlEqualTo("/session")).willReturn(okJson("{\"token\":\"" + token + "\"}"));
    }

    protected static MappingBuilder sessionRefused() {
        return post(urlEqualTo("/session")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"errors\":[{\"detail\":\"Invalid Auth params\"}]}"));
    }

    /** An unsigned JWT like VK's, whose payload carries exp. */
    public static String jwt(Instant expiry) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(("{\"user_id\":1,\"user_type\":\"ApiUser\",\"exp\":" + expiry.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".DOmtBLljWXtk7bcvER_NCz-X1tmNoyLxWyfgTTukQbU";
    }

    /** A token valid for an hour from now. */
    public static String freshJwt() {
        return jwt(Instant.now().plus(Duration.ofHours(1)));
    }
}
