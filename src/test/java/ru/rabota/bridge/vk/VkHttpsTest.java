package ru.rabota.bridge.vk;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.Map;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.junit.jupiter.api.Test;

/** The lead configures camel.component.http.*; an https API root must get those settings too. */
class VkHttpsTest extends VkTestSupport {

    @Override
    protected Map<String, String> properties() {
        return Map.of("bridge.vk.base-url", "https://localhost:" + VK.httpsPort(),
                "camel.component.http.ssl-context-parameters", "#trustingWireMock",
                "camel.component.http.x509-hostname-verifier", "#anyHostName");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.addConfiguration(TrustingWireMock.class);
    }

    @Test
    void httpsRootUsesTheHttpComponentsConfiguration() {
        VK.stubFor(get(urlEqualTo("/categories")).willReturn(okJson("{\"data\":[]}")));

        Exchange done = call("vk-list-categories", Map.of(), null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).toString()).isEqualTo("{\"data\":[]}");
        assertThat(VK.findAll(getRequestedFor(urlEqualTo("/categories")))).hasSize(1);
    }

    /** WireMock's certificate is self-signed. */
    public static class TrustingWireMock implements CamelConfiguration {

        @BindToRegistry("trustingWireMock")
        public SSLContextParameters trustingWireMock() {
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

        @BindToRegistry("anyHostName")
        public HostnameVerifier anyHostName() {
            return NoopHostnameVerifier.INSTANCE;
        }
    }
}
