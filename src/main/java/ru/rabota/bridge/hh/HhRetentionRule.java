package ru.rabota.bridge.hh;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import ru.rabota.bridge.applications.ApplicationRetention;
import ru.rabota.bridge.applications.ApplicationState;

/**
 * What the retention may forget of hh.ru's negotiations (bean {@code hhApplicationsRetention}): those of a vacancy
 * the poll no longer reads (archived, closed, no longer configured), every one when hh.ru is off here; nothing before
 * this process's first poll, which alone knows what it reads. The poll reads every negotiation of a vacancy it reads,
 * whatever its age, and a forgotten one read again (the vacancy polled again) is told from a new one by the
 * vacancy's mark.
 *
 * @param polled the vacancies the last poll read ({@link HhVacancies#polled}); empty while not known
 */
record HhRetentionRule(Supplier<Optional<Set<String>>> polled) implements ApplicationRetention.Rule {

    @Override
    public String source() {
        return HhApplications.SOURCE;
    }

    @Override
    public boolean mayForget(ApplicationState state, Instant createdAt) {
        return polled.get().filter(vacancies -> !vacancies.contains(state.jobId())).isPresent();
    }
}
