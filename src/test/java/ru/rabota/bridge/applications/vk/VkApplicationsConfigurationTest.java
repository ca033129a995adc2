package ru.rabota.bridge.applications.vk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ru.rabota.bridge.properties.InvalidPropertyException;

/** The applications poll's settings as start-up reads them. */
class VkApplicationsConfigurationTest {

    @Test
    void finalStatusesAreVkRabotasAndAMisspeltOneStopsTheStart() {
        assertThat(VkApplicationsConfiguration.finals("declined, improper,rejected,missed,closed"))
                .containsExactlyInAnyOrder("declined", "improper", "rejected", "missed", "closed");
        // before, Declined never matched, and every application of its jobs was read again at each re-scan
        assertThatThrownBy(() -> VkApplicationsConfiguration.finals("Declined,rejected"))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessage("bridge.applications.final-statuses = 'Declined,rejected' is not a comma-separated list"
                        + " of VK Работа's application statuses [unread, declined, read, selected, improper, rejected,"
                        + " invited, reserved, missed, closed]");
        assertThatThrownBy(() -> VkApplicationsConfiguration.finals(" ")).isInstanceOf(InvalidPropertyException.class);
    }

    @Test
    void sinceIsIsoOrTheApisOwnTimeWithoutAnOffsetInMoscowAndAnyOtherValueStopsTheStart() {
        Instant moscowMidnight = Instant.parse("2019-02-28T21:00:00Z");
        assertThat(Stream.of("2019-03-01T00:00:00+03:00", " 2019-02-28T21:00:00Z ", "2019-03-01 00:00:00",
                "2019-03-01T00:00:00", "2019-03-01T00:00", "2019-03-01").map(VkApplicationsConfiguration::since))
                .containsOnly(moscowMidnight);
        assertThat(VkApplicationsConfiguration.since(" ")).as("all history").isNull();
        // before, the two ISO values without an offset failed every poll, and this one too
        assertThatThrownBy(() -> VkApplicationsConfiguration.since("01.03.2019"))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageStartingWith("bridge.applications.since = '01.03.2019' is not a time in ISO-8601");
    }
}
