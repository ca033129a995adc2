package ru.rabota.bridge.jobs;

import java.time.Duration;
import java.util.OptionalInt;

/** The profession directory ({@code GET /professions}) as the validator needs it. */
public interface Professions {

    /** @param title as a customer wrote it; matched trimmed and case-insensitively */
    OptionalInt idOf(String title);

    boolean exists(int id);

    /**
     * Waits until the directory was read once; false when it still was not after {@code timeout}. A directory
     * read at start-up (not yet loaded) would call every profession unknown.
     */
    default boolean awaitLoaded(Duration timeout) {
        return true;
    }
}
