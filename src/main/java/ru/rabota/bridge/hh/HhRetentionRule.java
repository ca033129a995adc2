package ru.rabota.bridge.hh;

import java.time.Clock;
import java.time.Instant;

import ru.rabota.bridge.applications.ApplicationRetention;
import ru.rabota.bridge.applications.ApplicationState;

/**
 * What the retention may forget of hh.ru's negotiations (bean {@code hhApplicationsRetention}): those of a vacancy
 * the poll no longer reads (archived, closed, no longer configured: {@link HhPolledVacancies}), every one when hh.ru
 * is off here. The poll reads every negotiation of a vacancy it reads, whatever its age, and a forgotten one read
 * again (the vacancy polled again) is told from a new one by the vacancy's mark.
 *
 * @param enabled {@code bridge.hh.enabled}
 */
record HhRetentionRule(boolean enabled, HhPolledVacancies polled, Clock clock) implements ApplicationRetention.Rule {

    @Override
    public String source() {
        return HhApplications.SOURCE;
    }

    @Override
    public boolean mayForget(ApplicationState state, Instant createdAt) {
        return !enabled || polled.noLongerPolled(state.jobId(), clock.instant());
    }
}
