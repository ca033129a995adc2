package ru.rabota.bridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ClusterConfigurationTest {

    @Test
    void theFileLocksHeartbeatIsShortEnoughForTheFailoverTimeout() {
        // the defaults: 10 s a heartbeat and 5 missed took up to 60 s, twice the promised 30 s
        Duration interval = ClusterConfiguration.lockInterval(Duration.ofSeconds(10), Duration.ofSeconds(30), 5);
        assertThat(interval).isEqualTo(Duration.ofSeconds(30).dividedBy(7));
        // dead after 5 intervals, seen within one more, started within another: inside the timeout
        assertThat(interval.multipliedBy(7)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        // a shorter one stays
        assertThat(ClusterConfiguration.lockInterval(Duration.ofSeconds(1), Duration.ofSeconds(30), 5))
                .isEqualTo(Duration.ofSeconds(1));
    }
}
