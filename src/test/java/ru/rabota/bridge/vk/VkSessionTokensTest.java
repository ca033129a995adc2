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

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.api.TokenRequests;

/** The token's life, on a clock the test moves (margin 60s), its sessions opened by the bundle's route vk-session-request. */
class VkSessionTokensTest extends VkTestSupport {

    private final TestClock clock = new TestClock(Instant.now());
    private VkSessionTokens tokens;

    @BeforeEach
    void start() throws Exception {
        tokens = new VkSessionTokens(TokenRequests.to(context, "direct:vk-session-request"), LOGIN, PASSWORD,
                Duration.ofSeconds(60), clock);
    }

    @Test
    void tokenIsReusedUntilTheMarginBeforeExpiryThenRenewed() {
        String first = jwt(clock.instant().plusSeconds(600));
        String second = jwt(clock.instant().plusSeconds(1200));
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
        String shortLived = jwt(clock.instant().plusSeconds(30));
        sessionsInTurn(shortLived, jwt(clock.instant().plusSeconds(600)));

        tokens.token();
        clock.advance(Duration.ofSeconds(10));
        assertThat(tokens.token()).isEqualTo(shortLived);
        clock.advance(Duration.ofSeconds(6));
        assertThat(tokens.token()).isNotEqualTo(shortLived);
        assertThat(sessionRequests()).isEqualTo(2);
    }

    @Test
    void onlyTheCurrentTokenCanBeInvalidated() {
        String first = jwt(clock.instant().plusSeconds(600));
        String second = jwt(clock.instant().plusSeconds(700));
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
        inTurn(Arrays.stream(tokens).map(VkTestSupport::session).toArray(MappingBuilder[]::new));
    }

    private static int sessionRequests() {
        return VK.findAll(postRequestedFor(urlEqualTo("/session"))).size();
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
