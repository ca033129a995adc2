package ru.rabota.sandbox.vk;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The paid actions (VAS). Declared in the order the packets section lists its codes. Each takes one unit of
 * its OTVAS limit (the company attribute) when there is one, else money. The document names some twice
 * (abbreviations vs packets): both codes are accepted, the packets' one is canonical.
 */
public enum VasAction {
    JOB_PUBLISH("job_publish", List.of("job_publication"), "otvas_jobs_limit", "Размещение вакансии"),
    SUPER_JOB_PUBLISH("super_job_publish", List.of(), "otvas_super_jobs_limit", "Продвинутое размещение вакансии"),
    ULTRA_JOB_PUBLISH("ultra_job_publish", List.of(), "otvas_ultra_jobs_limit", "Премиум размещение вакансии"),
    JOB_REFRESH("job_refresh", List.of(), "otvas_refreshes_limit", "Поднятие вакансии"),
    JOB_HIGHLIGHT("job_highlight", List.of(), "otvas_highlights_limit", "Выделение вакансии"),
    CONTACT_VIEW("contact_view", List.of(), "otvas_views_limit", "Просмотр контакта"),
    JOB_ELEVATE_PLUS("job_elevate_plus", List.of("elevation_plus"), "otvas_elevations_plus_limit",
            "Вакансия дня на 7 дней"),
    JOB_ELEVATE_1D("job_elevate_1d", List.of("elevation_1d"), "otvas_elevations_1d_limit", "Вакансия дня на 1 день"),
    JOB_ELEVATE_3D("job_elevate_3d", List.of("elevation_3d"), "otvas_elevations_3d_limit", "Вакансия дня на 3 дня");

    private final String code;
    private final List<String> aliases;
    private final String limit;
    private final String title;

    VasAction(String code, List<String> aliases, String limit, String title) {
        this.code = code;
        this.aliases = aliases;
        this.limit = limit;
        this.title = title;
    }

    public static Optional<VasAction> of(String code) {
        return code == null ? Optional.empty()
                : Arrays.stream(values()).filter(a -> a.code.equals(code) || a.aliases.contains(code)).findFirst();
    }

    /** The publication a job's {@code publication_type} buys; empty for anything but the three types. */
    static Optional<VasAction> publication(String publicationType) {
        return Arrays.stream(values()).filter(VasAction::publishes).filter(a -> a.code.equals(publicationType))
                .findFirst();
    }

    public String code() {
        return code;
    }

    /** The company attribute holding this action's OTVAS limit. */
    public String limit() {
        return limit;
    }

    /** How a VAS transaction names it. */
    public String title() {
        return title;
    }

    public boolean publishes() {
        return this == JOB_PUBLISH || this == SUPER_JOB_PUBLISH || this == ULTRA_JOB_PUBLISH;
    }
}
