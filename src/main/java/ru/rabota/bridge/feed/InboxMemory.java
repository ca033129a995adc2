package ru.rabota.bridge.feed;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ru.rabota.bridge.log.Troubles;

/**
 * What the feed processor ({@link FeedProcessor}) remembers of the files that stay in its inbox, by path: those it
 * published and could not move out, those unreadable further down that it could not move to error/, and the
 * troubles of feeds abandoned, not opened or not moved, each one WARN line when it starts. All of it is forgotten,
 * silently, once the file is gone from the inbox or replaced there ({@link #forgetGone}).
 */
final class InboxMemory {

    /** The identity remembered of a file gone already: equal to none, so {@link #forgetGone} forgets it. */
    private static final Object GONE = new Object();

    /**
     * The files published that could not be moved out of the inbox (a read-only folder): not read again until they
     * change. By path, so that a file rewritten day after day leaves one entry, not one a version.
     */
    private final Set<Path> unmovable = ConcurrentHashMap.newKeySet();
    /**
     * The files unreadable further down that could not be moved to error/ (not writable): not read again until they
     * change or error/ can be written ({@link FeedFolders#errorWritable}).
     */
    private final Set<Path> awaitingError = ConcurrentHashMap.newKeySet();
    private final Troubles notMovedToError = new Troubles();
    /** Feeds abandoned and read again through an outage: one WARN line each, not one per reading. */
    private final Troubles abandoned = new Troubles();
    /** Feeds that could not be opened, read again at every poll: one WARN line each, not one per reading. */
    private final Troubles unopened = new Troubles();
    /** The files something above is remembered of, with their {@link FeedFolders#identity} then. */
    private final Map<Path, Object> remembered = new ConcurrentHashMap<>();

    Troubles abandoned() {
        return abandoned;
    }

    Troubles unopened() {
        return unopened;
    }

    Troubles notMovedToError() {
        return notMovedToError;
    }

    /** Notes the file's identity, as something is remembered of it ({@link #GONE} for a file gone already). */
    void remember(Path file, Object identity) {
        remembered.put(file, identity != null ? identity : GONE);
    }

    /** The file was published and could not be moved out of the inbox. */
    void notMovable(Path file, Object identity) {
        unmovable.add(file);
        remember(file, identity);
    }

    boolean unmovable(Path file) {
        return unmovable.contains(file);
    }

    /** The file is unreadable further down and could not be moved to error/. */
    void notMovedToError(Path file, Object identity) {
        awaitingError.add(file);
        remember(file, identity);
    }

    boolean awaitingError(Path file) {
        return awaitingError.contains(file);
    }

    void movedToError(Path file) {
        awaitingError.remove(file);
    }

    /**
     * Forgets, silently, all that is remembered of the files gone from the inbox or replaced there by another (no
     * longer of the identity remembered): a trouble of theirs did not end, so no line is due. So a file of that name is
     * a feed of its own again (its trouble warned of again), and an instance fed a file of a new name daily keeps
     * nothing of the names gone. At each file the route reads, before it is opened.
     */
    void forgetGone() {
        remembered.entrySet().removeIf(file -> {
            if (file.getValue().equals(FeedFolders.identity(file.getKey()))) {
                return false;
            }
            String name = file.getKey().getFileName().toString();
            // ends() logs nothing: its callers do
            abandoned.ends(name);
            unopened.ends(name);
            notMovedToError.ends(name);
            unmovable.remove(file.getKey());
            awaitingError.remove(file.getKey());
            return true;
        });
    }
}
