package ru.rabota.bridge.vk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import ru.rabota.bridge.testing.MovableClock;

/** What the JWT's exp makes of a session token; its life against VK Работa: {@link VkSessionTokensTest}. */
class SessionTokenTest {

    private final MovableClock clock = new MovableClock();

    /** VK's tokens carry exp; one that does not is used until VK refuses it (401), then renewed. */
    @Test
    void tokenWithoutExpiryIsKeptUntilRefused() {
        SessionToken token = SessionToken.of("opaque-token", Duration.ofSeconds(60), clock);

        clock.advance(Duration.ofDays(30));

        assertThat(token.fresh(clock)).isTrue();
        assertThat(token.expiry()).isNull();
        assertThat(token.refreshAt()).isEqualTo(Instant.MAX);
    }

    @Test
    void expiryIsReadFromTheJwtPayload() {
        Instant exp = Instant.ofEpochSecond(Clock.systemUTC().instant().getEpochSecond() + 600);
        // the document's example with this exp: {"user_id":1,"user_type":"ApiUser","exp":...}
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"user_id\":1,\"user_type\":\"ApiUser\",\"exp\":" + exp.getEpochSecond() + "}").getBytes());
        SessionToken token = SessionToken.of("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9." + payload + ".c2lnbmF0dXJl",
                Duration.ofSeconds(60), clock);

        assertThat(token.expiry()).isEqualTo(exp);
        assertThat(token.refreshAt()).isEqualTo(exp.minusSeconds(60));
    }

    /**
     * An exp no instant can hold (seconds beyond the year 1,000,000,000, a JWT's exp written in nanoseconds) is no exp:
     * before, reading it threw DateTimeException, the session was never kept, and every call posted /session anew and
     * failed with an exception that was no ApiException.
     */
    @Test
    void anExpNoInstantCanHoldIsNoExp() {
        for (String exp : new String[] {"9223372036854775807", "-9223372036854775807", "31556889864403200"}) {
            String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"exp\":" + exp + "}").getBytes());
            SessionToken token = SessionToken.of("eyJhbGciOiJIUzI1NiJ9." + payload + ".c2ln", Duration.ofSeconds(60),
                    clock);

            assertThat(token.expiry()).as(exp).isNull();
            assertThat(token.fresh(clock)).as(exp).isTrue();
        }
    }
}
