package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * A customer whose servers reach the internet only through a forward proxy sets camel.component.http.proxy-host and
 * proxy-port: every API call, the sign-in too, goes to the proxy. Here the simulator is the proxy, and the API root
 * names a host no resolver knows: a call that went straight there would fail.
 */
class VkProxyTest extends VkTestSupport {

    private static final String UNRESOLVABLE = "vk-rabota.invalid";

    @Override
    protected Map<String, String> properties() {
        URI simulator = URI.create(vk.baseUrl());
        return Map.of(
                "bridge.vk.base-url", vk.baseUrl().replace(simulator.getHost(), UNRESOLVABLE),
                "camel.component.http.proxy-host", simulator.getHost(),
                "camel.component.http.proxy-port", String.valueOf(simulator.getPort()));
    }

    @Test
    void everyCallGoesThroughTheConfiguredProxy() {
        Exchange done = call("vk-get-company", Map.of(), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/type").asText()).isEqualTo("company");
        // the sign-in first, then the call with its token: both to the proxy, asking for the API's host
        assertThat(vk.requests()).extracting(request -> request.method() + " " + request.path())
                .containsExactly("POST /session", "GET /company");
        assertThat(vk.requests()).extracting(request -> request.header("Host"))
                .allSatisfy(host -> assertThat(host).startsWith(UNRESOLVABLE + ":"));
    }
}
