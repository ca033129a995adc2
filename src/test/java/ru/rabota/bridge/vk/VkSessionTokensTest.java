package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The token's life on a clock the test moves, shared with the simulator, which issues tokens for 600 s; the sessions
 * are opened by the bundle's route vk-session-request. A token without exp: {@link SessionTokenTest}.
 */
class VkSessionTokensTest extends VkTestSupport {

    @Override
    protected VkSimulatorConfig config() {
        return super.config().tokenLifetime(Duration.ofSeconds(600));
    }

    private TokenRequests sessions;

    @BeforeEach
    void sessions() throws Exception {
        sessions = TokenRequests.to(context, "direct:vk-session-request");
    }

    @Test
    void tokenIsReusedUntilTheMarginBeforeExpiryThenRenewed() {
        VkSessionTokens tokens = tokens(Duration.ofSeconds(60));

        String first = tokens.token();
        clock.advance(Duration.ofSeconds(500));
        assertThat(tokens.token()).isEqualTo(first);
        assertThat(requests("POST", "/session")).hasSize(1);

        clock.advance(Duration.ofSeconds(45));
        assertThat(tokens.token()).isNotEqualTo(first);
        assertThat(requests("POST", "/session")).hasSize(2);
    }

    @Test
    void marginLongerThanTheTokensLifeWaitsHalfTheLifeNotEveryCall() {
        VkSessionTokens tokens = tokens(Duration.ofHours(1));

        String first = tokens.token();
        clock.advance(Duration.ofSeconds(290));
        assertThat(tokens.token()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(15));
        assertThat(tokens.token()).isNotEqualTo(first);
        assertThat(requests("POST", "/session")).hasSize(2);
    }

    @Test
    void onlyTheCurrentTokenCanBeInvalidated() {
        VkSessionTokens tokens = tokens(Duration.ofSeconds(60));
        String first = tokens.token();
        // a later token carries a later exp
        clock.advance(Duration.ofSeconds(5));

        tokens.invalidate("a token replaced long ago");
        assertThat(tokens.token()).isEqualTo(first);
        tokens.invalidate(first);
        String second = tokens.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(tokens.token()).isEqualTo(second);
        assertThat(requests("POST", "/session")).hasSize(2);
    }

    private VkSessionTokens tokens(Duration margin) {
        return new VkSessionTokens(sessions, LOGIN, PASSWORD, margin, clock);
    }
}
