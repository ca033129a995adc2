package ru.rabota.bridge.vas;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The paid actions the API document names, under each of their names: the abbreviations section and the packets
 * section spell some differently (NOTES.md), so both are accepted and passed to the API as given. Limits, counters
 * and prices are kept per action, under its packets name ({@link #code()}), whichever name a command used.
 */
public enum VasCode {
    JOB_PUBLISH("job_publish", "job_publication"),
    SUPER_JOB_PUBLISH("super_job_publish"),
    ULTRA_JOB_PUBLISH("ultra_job_publish"),
    JOB_REFRESH("job_refresh"),
    JOB_HIGHLIGHT("job_highlight"),
    CONTACT_VIEW("contact_view"),
    JOB_ELEVATE_PLUS("job_elevate_plus", "elevation_plus"),
    JOB_ELEVATE_3D("job_elevate_3d", "elevation_3d"),
    JOB_ELEVATE_1D("job_elevate_1d", "elevation_1d");

    private final String code;
    private final List<String> names;

    VasCode(String code, String... aliases) {
        this.code = code;
        this.names = Stream.concat(Stream.of(code), Arrays.stream(aliases)).toList();
    }

    /** The action a name means, under any of its names. */
    public static Optional<VasCode> of(String name) {
        return Arrays.stream(values()).filter(action -> action.names.contains(name)).findFirst();
    }

    /** Every accepted name, for error messages. */
    public static List<String> allNames() {
        return Arrays.stream(values()).flatMap(action -> action.names.stream()).toList();
    }

    /** The packets section's name, under which limits, counters and prices are kept. */
    public String code() {
        return code;
    }

    /** Every name of this action, its code first. */
    public List<String> names() {
        return names;
    }

    /** contact_view concerns a candidate ({@code user_id}); every other action a job ({@code job_id}). */
    public boolean forCandidate() {
        return this == CONTACT_VIEW;
    }
}
