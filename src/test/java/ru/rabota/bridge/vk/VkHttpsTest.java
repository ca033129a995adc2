package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.testing.SimulatorTls;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The lead configures camel.component.http.*; an https API root must get those settings too: here the trust of the
 * simulator's self-signed certificate. (Camel's global camel.ssl.* would not do: camel-http takes them only for
 * endpoints written https:, and the call routes write http: with an https root.)
 */
class VkHttpsTest extends VkTestSupport {

    private static final SimulatorTls TLS = SimulatorTls.create();

    @Override
    protected VkSimulatorConfig config() {
        return super.config().tls(TLS.serverContext());
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("camel.component.http.ssl-context-parameters", "#simulatorTrust");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        configuration.addConfiguration(SimulatorTrust.class);
    }

    @Test
    void httpsRootUsesTheHttpComponentsConfiguration() {
        Exchange done = call("vk-list-categories", Map.of(), null);

        assertThat(vk.baseUrl()).startsWith("https://");
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(JsonNode.class).at("/data/0/type").asText()).isEqualTo("category");
        assertThat(requests("GET", "/categories")).hasSize(1);
    }

    /** Trusts the simulator's certificate, as a lead would bind a trust store for the http component. */
    public static class SimulatorTrust implements CamelConfiguration {

        @BindToRegistry("simulatorTrust")
        public SSLContextParameters simulatorTrust() {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource("file:" + TLS.keyStore());
            store.setPassword(TLS.password());
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            SSLContextParameters ssl = new SSLContextParameters();
            ssl.setTrustManagers(trust);
            return ssl;
        }
    }
}
