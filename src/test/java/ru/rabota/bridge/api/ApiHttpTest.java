package ru.rabota.bridge.api;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Map;

import javax.net.ssl.X509TrustManager;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.vk.VkTestSupport;

class ApiHttpTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    /** The lead configures camel.component.http.*; an https API root must get those settings too. */
    @Test
    void httpsRootUsesTheHttpComponentsConfiguration() {
        VkTestSupport.VK.resetAll();
        VkTestSupport.VK.stubFor(get(urlEqualTo("/categories")).willReturn(okJson("{\"data\":[]}")));
        HttpComponent http = context.getComponent("http", HttpComponent.class);
        http.setSslContextParameters(trustingWireMock());
        http.setX509HostnameVerifier(NoopHostnameVerifier.INSTANCE);
        context.start();
        ApiHttp api = new ApiHttp(context, "vk", "https://localhost:" + VkTestSupport.VK.httpsPort(), Map.of(),
                new ApiHealth("vk", "VK Работа API", java.time.Clock.systemUTC()));

        ApiResponse response = api.send(new ApiRequest("GET", "/categories", null, null, null), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"data\":[]}");
    }

    /** WireMock's certificate is self-signed. */
    private static SSLContextParameters trustingWireMock() {
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        });
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trust);
        return ssl;
    }
}
