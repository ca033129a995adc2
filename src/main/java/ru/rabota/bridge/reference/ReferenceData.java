package ru.rabota.bridge.reference;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.jobs.Professions;

/**
 * The VK Работа dictionaries as last read by the route {@code reference-data}, bound as {@code referenceData}: job
 * validation asks it for professions ({@link Professions}), its one reader in the bundle; the other types are there
 * for lookups by identifier ({@link #get}). Each {@link #update} replaces one type's content at once; a type whose
 * refresh failed keeps what it had. Thread-safe; lookups never block.
 * <p>
 * Before the first successful read of the professions, {@link #exists} is false and {@link #idOf} empty for
 * everything, which would reject valid commands. Validation therefore first calls {@link #awaitLoaded(Duration)}
 * (20 s, covering the read at start-up) and, when it answers false, judges no command: the command's work fails and
 * is tried again later ({@code JobCommandValidator}), instead of a rejection for an unknown profession.
 */
public class ReferenceData implements Professions {

    /** Records by type and identifier; a type is absent until it was read once. */
    private final Map<ReferenceType, Map<String, ObjectNode>> records = new ConcurrentHashMap<>();
    /** Profession ids by {@link #normalized} title, replaced together with the professions. */
    private volatile Map<String, Integer> professionIds = Map.of();
    private final CountDownLatch professionsLoaded = new CountDownLatch(1);

    /**
     * Replaces the content of one type by the records of an answer (see {@link ReferenceType#records}) and returns
     * them, each with its {@code type} field, in the answer's order. Nothing changes when the answer is unreadable.
     */
    public List<ObjectNode> update(ReferenceType type, Object answer) {
        List<ObjectNode> list = type.records(answer);
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        list.forEach(record -> byId.put(type.id(record), record.deepCopy()));
        if (type == ReferenceType.PROFESSION) {
            Map<String, Integer> ids = new LinkedHashMap<>();
            // two professions with one title: the first listed wins, as a person reading the list would pick it
            list.forEach(record -> ids.putIfAbsent(normalized(record.path("title").asText()), record.path("id").asInt()));
            professionIds = Map.copyOf(ids);
        }
        records.put(type, Map.copyOf(byId));
        if (type == ReferenceType.PROFESSION) {
            professionsLoaded.countDown();
        }
        return list;
    }

    /** The id of the profession with this title: trimmed, case-insensitive, {@code ё} = {@code е}. */
    @Override
    public OptionalInt idOf(String title) {
        Integer id = title == null ? null : professionIds.get(normalized(title));
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Whether a profession has this id; false before the list was read (see {@link #isLoaded()}). */
    @Override
    public boolean exists(int id) {
        return get(ReferenceType.PROFESSION, Integer.toString(id)).isPresent();
    }

    /** Whether the profession list was read at least once. */
    public boolean isLoaded() {
        return isLoaded(ReferenceType.PROFESSION);
    }

    /** Whether this type was read at least once. */
    public boolean isLoaded(ReferenceType type) {
        return records.containsKey(type);
    }

    /** Waits up to {@code timeout} for the first read of the profession list; true once it is there. */
    @Override
    public boolean awaitLoaded(Duration timeout) {
        try {
            return professionsLoaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isLoaded();
        }
    }

    /**
     * A copy of the record of this type and identifier: {@code fias_id} for regions, the JSON:API resource id for
     * categories (the document's second category prints it apart from its attribute id).
     */
    public Optional<ObjectNode> get(ReferenceType type, String id) {
        return Optional.ofNullable(records.getOrDefault(type, Map.of()).get(id)).map(ObjectNode::deepCopy);
    }

    /** How many records of this type the last successful read gave; 0 before the first. */
    public int size(ReferenceType type) {
        return records.getOrDefault(type, Map.of()).size();
    }

    private static String normalized(String title) {
        return title.strip().toLowerCase(Locale.ROOT).replace('ё', 'е');
    }
}
