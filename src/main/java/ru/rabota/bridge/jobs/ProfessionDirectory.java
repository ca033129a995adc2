package ru.rabota.bridge.jobs;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of {@code GET /professions}: build a new one on each refresh and swap it in. Titles match
 * trimmed, case-insensitively and with runs of spaces as one; when two professions share a title the lower id wins.
 */
public final class ProfessionDirectory implements Professions {

    private final Map<Integer, String> titles;
    private final Map<String, Integer> ids;

    /** @param titlesById profession id to title, as the API lists them */
    public ProfessionDirectory(Map<Integer, String> titlesById) {
        this.titles = Map.copyOf(titlesById);
        this.ids = titles.entrySet().stream()
                .collect(Collectors.toMap(e -> normalized(e.getValue()), Map.Entry::getKey, Math::min));
    }

    @Override
    public OptionalInt idOf(String title) {
        Integer id = title == null ? null : ids.get(normalized(title));
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public boolean exists(int id) {
        return titles.containsKey(id);
    }

    private static String normalized(String title) {
        return title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
