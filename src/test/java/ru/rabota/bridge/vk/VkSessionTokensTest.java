package ru.rabota.bridge.vk;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.api.ApiHttp;

/** The token's life, on a clock the test moves (margin 60s). */
class VkSessionTokensTest {

    private final TestClock clock = new TestClock(Instant.now());
    private final CamelContext context = new DefaultCamelContext();
    private VkSessionTokens tokens;

    @BeforeEach
    void start() {
        context.start();
        VkTestSupport.VK.resetAll();
        ApiHttp http = new ApiHttp(context, "vk", "http://localhost:" + VkTestSupport.VK.port(), Map.of(),
                new ApiHealth("vk", "VK Работа API", java.time.Clock.systemUTC()));
        tokens = new VkSessionTokens(http, "acme-api", "secret", Duration.ofSeconds(60), clock);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void tokenIsReusedUntilTheMarginBeforeExpiryThenRenewed() {
        String first = VkTestSupport.jwt(clock.instant().plusSeconds(600));
        String second = VkTestSupport.jwt(clock.instant().plusSeconds(1200));
        sessionsInTurn(first, second);

        assertThat(tokens.token()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(500));
        assertThat(tokens.token()).isEqualTo(first);
        assertThat(sessionRequests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(45));
        assertThat(tokens.token()).isEqualTo(second);
        assertThat(sessionRequests()).isEqualTo(2);
    }

    @Test
    void marginLongerThanTheTokensLifeWaitsHalfTheLifeNotEveryCall() {
        String shortLived = VkTestSupport.jwt(clock.instant().plusSeconds(30));
        sessionsInTurn(shortLived, VkTestSupport.jwt(clock.instant().plusSeconds(600)));

        tokens.token();
        clock.advance(Duration.ofSeconds(10));
        assertThat(tokens.token()).isEqualTo(shortLived);
        clock.advance(Duration.ofSeconds(6));
        assertThat(tokens.token()).isNotEqualTo(shortLived);
        assertThat(sessionRequests()).isEqualTo(2);
    }

    @Test
    void onlyTheCurrentTokenCanBeInvalidated() {
        String first = VkTestSupport.jwt(clock.instant().plusSeconds(600));
        String second = VkTestSupport.jwt(clock.instant().plusSeconds(700));
        sessionsInTurn(first, second);
        tokens.token();

        tokens.invalidate("a token replaced long ago");
        assertThat(tokens.token()).isEqualTo(first);
        tokens.invalidate(first);
        assertThat(tokens.token()).isEqualTo(second);
        assertThat(sessionRequests()).isEqualTo(2);
    }

    @Test
    void tokenWithoutExpiryIsKeptUntilRefused() {
        sessionsInTurn("opaque-token");

        tokens.token();
        clock.advance(Duration.ofDays(30));

        assertThat(tokens.token()).isEqualTo("opaque-token");
        assertThat(sessionRequests()).isEqualTo(1);
    }

    private static void sessionsInTurn(String... tokens) {
        VkTestSupport.inTurn(Arrays.stream(tokens).map(VkTestSupport::session).toArray(MappingBuilder[]::new));
    }

    private static int sessionRequests() {
        return VkTestSupport.VK.findAll(postRequestedFor(urlEqualTo("/session"))).size();
    }

    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
