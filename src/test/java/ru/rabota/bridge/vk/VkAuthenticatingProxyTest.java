package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.ForwardProxy;

/**
 * A forward proxy that asks for credentials (407, Basic), configured with camel-http's proxy-auth-* options as the
 * README says: the calls go through it, signed in. The API root names a host no resolver knows, so a call that went
 * straight there would fail.
 */
class VkAuthenticatingProxyTest extends VkTestSupport {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            "bridge-svc:Pr0xy pass".getBytes(StandardCharsets.UTF_8));

    private ForwardProxy proxy;

    @Override
    protected Map<String, String> properties() {
        proxy = ForwardProxy.start(URI.create(vk.baseUrl()), "bridge-svc", "Pr0xy pass");
        return Map.of(
                "bridge.vk.base-url", vk.baseUrl().replace(URI.create(vk.baseUrl()).getHost(), "vk-rabota.invalid"),
                "camel.component.http.proxy-auth-host", "127.0.0.1",
                "camel.component.http.proxy-auth-port", String.valueOf(proxy.port()),
                "camel.component.http.proxy-auth-method", "Basic",
                "camel.component.http.proxy-auth-username", "bridge-svc",
                "camel.component.http.proxy-auth-password", "Pr0xy pass");
    }

    @AfterAll
    void stopProxy() {
        proxy.close();
    }

    @Test
    void callsGoThroughTheProxySignedIn() {
        Exchange done = call("vk-get-company", Map.of(), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/type").asText()).isEqualTo("company");
        assertThat(vk.requests()).extracting(request -> request.method() + " " + request.path())
                .containsExactly("POST /session", "GET /company");
        // each request asked for credentials (407, the API not reached) and came again with them
        assertThat(proxy.authorizations()).filteredOn(authorization -> !authorization.isEmpty())
                .containsExactly(BASIC, BASIC);
    }
}
