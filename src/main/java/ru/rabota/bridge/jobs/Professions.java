package ru.rabota.bridge.jobs;

import java.util.OptionalInt;

/** The profession directory ({@code GET /professions}) as the validator needs it. */
public interface Professions {

    /** @param title as a customer wrote it; matched trimmed and case-insensitively */
    OptionalInt idOf(String title);

    boolean exists(int id);
}
