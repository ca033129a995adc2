package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.sandbox.vk.VkSimulatorConfig;

/**
 * The token's life on a clock the test moves, shared with the simulator, which issues tokens for 600 s; the sessions
 * are opened by the bundle's route vk-session-request. The renewals ahead of expiry wait in a queue until the test
 * runs them, so that what a caller gets meanwhile is seen. A token without exp: {@link SessionTokenTest}.
 */
class VkSessionTokensTest extends VkTestSupport {

    @Override
    protected VkSimulatorConfig config() {
        return super.config().tokenLifetime(Duration.ofSeconds(600));
    }

    private TokenRequests sessions;
    private final Deque<Runnable> renewals = new ArrayDeque<>();

    @BeforeEach
    void sessions() throws Exception {
        sessions = TokenRequests.to(context, "direct:vk-session-request");
        renewals.clear();
    }

    @Test
    void tokenIsReusedUntilTheMarginBeforeExpiryThenRenewedWhileCallsGoOnWithIt() {
        VkSessionTokens tokens = tokens(Duration.ofSeconds(60));

        String first = tokens.token();
        clock.advance(Duration.ofSeconds(500));
        assertThat(tokens.token()).isEqualTo(first);
        assertThat(requests("POST", "/session")).hasSize(1);
        assertThat(renewals).isEmpty();

        clock.advance(Duration.ofSeconds(45));
        // inside the margin: the renewal is started, and the calls do not wait for it
        assertThat(tokens.token()).isEqualTo(first);
        assertThat(tokens.token()).isEqualTo(first);
        assertThat(renewals).hasSize(1);
        assertThat(requests("POST", "/session")).hasSize(1);

        renewals.remove().run();
        assertThat(requests("POST", "/session")).hasSize(2);
        assertThat(tokens.token()).isNotEqualTo(first);
        assertThat(renewals).isEmpty();
    }

    @Test
    void aFailedRenewalLeavesTheCallsTheCurrentTokenUntilItExpiresAndIsTriedAgainAPauseLater() {
        VkSessionTokens tokens = tokens(Duration.ofSeconds(60));
        String first = tokens.token();
        clock.advance(Duration.ofSeconds(545));

        try (LogCapture logs = new LogCapture()) {
            vk.faults().onPaths("/session").failNext(2, 503);
            callThenRenew(tokens, first);
            assertThat(tokens.token()).isEqualTo(first);
            // a tenth of the margin before the next try
            assertThat(renewals).isEmpty();
            clock.advance(Duration.ofSeconds(5));
            assertThat(tokens.token()).isEqualTo(first);
            assertThat(renewals).isEmpty();

            clock.advance(Duration.ofSeconds(2));
            callThenRenew(tokens, first);
            assertThat(logs.lines("WARN", "VK Работа session renewal failed")).isEqualTo(1);
            assertThat(tokens.token()).isEqualTo(first);

            clock.advance(Duration.ofSeconds(7));
            callThenRenew(tokens, first);
            assertThat(tokens.token()).isNotEqualTo(first);
            assertThat(logs.lines("INFO", "VK Работа session renewed after 2 failed renewals since")).isEqualTo(1);
            assertThat(requests("POST", "/session")).hasSize(4);
        }
    }

    @Test
    void anExpiredTokenIsNotUsedWhileTheRenewalsFailTheCallWaitsForANewSession() {
        VkSessionTokens tokens = tokens(Duration.ofSeconds(60));
        String first = tokens.token();
        clock.advance(Duration.ofSeconds(545));
        vk.faults().onPaths("/session").failNext(2, 503);
        callThenRenew(tokens, first);

        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(tokens::token).isInstanceOf(ApiException.class);
        try (LogCapture logs = new LogCapture()) {
            String second = tokens.token();

            assertThat(second).isNotEqualTo(first);
            // the session a caller opened ends the renewals' trouble too (before, its line waited for a renewal)
            assertThat(logs.lines("INFO", "VK Работа session renewed after 1 failed renewal since")).isOne();
        }
        assertThat(renewals).isEmpty();
        assertThat(requests("POST", "/session")).hasSize(4);
    }

    @Test
    void marginLongerThanTheTokensLifeWaitsHalfTheLifeNotEveryCall() {
        VkSessionTokens tokens = tokens(Duration.ofHours(1));

        String first = tokens.token();
        clock.advance(Duration.ofSeconds(290));
        assertThat(tokens.token()).isEqualTo(first);
        assertThat(renewals).isEmpty();
        clock.advance(Duration.ofSeconds(15));
        callThenRenew(tokens, first);
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

    /**
     * This machine's clock two hours ahead of VK's: every token arrives expired by it. It is used until VK refuses
     * it, with one WARN line; before, every call opened a new session.
     */
    @Test
    void aTokenExpiredByThisMachinesClockWhenItArrivesIsUsedUntilVkRefusesIt() {
        try (LogCapture logs = new LogCapture()) {
            VkSessionTokens tokens = new VkSessionTokens(sessions, LOGIN, PASSWORD, Duration.ofSeconds(60),
                    Clock.offset(clock, Duration.ofHours(2)), renewals::add);
            String first = tokens.token();
            for (int call = 0; call < 5; call++) {
                assertThat(tokens.token()).isEqualTo(first);
            }

            assertThat(requests("POST", "/session")).hasSize(1);
            assertThat(renewals).isEmpty();
            assertThat(logs.lines("WARN", "has passed by this machine's clock")).isOne();
            // VK refused it (a later token carries a later exp)
            clock.advance(Duration.ofSeconds(5));
            tokens.invalidate(first);
            assertThat(tokens.token()).isNotEqualTo(first);
            assertThat(logs.lines("WARN", "has passed by this machine's clock")).isOne();
        }
    }

    /** A call inside the margin gets the current token at once; then the renewal it started runs. */
    private void callThenRenew(VkSessionTokens tokens, String current) {
        assertThat(tokens.token()).isEqualTo(current);
        renewals.remove().run();
    }

    private VkSessionTokens tokens(Duration margin) {
        return new VkSessionTokens(sessions, LOGIN, PASSWORD, margin, clock, renewals::add);
    }
}
