package ru.rabota.bridge.feed;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobCommand;

/**
 * The boards of one feed's upserts still under way, per external_id. A close or revive without boards acts on every
 * board that knows its external_id ({@link JobBoards#targets}), but a row is read before the upserts of the rows
 * above it may have run: a close of a job the feed published a few rows earlier went to {@code bridge.jobs.boards}
 * alone, and the job stayed open on hh.ru. As the Kafka consumer keeps the upserts of its poll, a feed keeps those of
 * its rows in flight, so memory does not grow with the file. Used by the feed's own thread only: rows are read there,
 * and what an ended row leaves to do runs there ({@link RowsInFlight#runEnded}).
 */
final class FeedUpserts {

    /** The boards of an external_id's upserts under way, and how many of them are. */
    private record Pending(Set<String> boards, int upserts) {
    }

    private final FeedCommands commands;
    private final Map<String, Pending> pending = new HashMap<>();

    FeedUpserts(FeedCommands commands) {
        this.commands = commands;
    }

    /** The boards the command is for, those of its external_id's upserts under way included. */
    List<JobBoards.Target> targets(JobCommand command) {
        Pending before = command.externalId() == null ? null : pending.get(command.externalId());
        return commands.targets(command, before == null ? Set.of() : before.boards());
    }

    /** An upsert is sent to these boards: until it {@link #ended}, a close of its external_id acts there too. */
    void started(JobCommand command, List<JobBoards.Target> targets) {
        if (!upsert(command)) {
            return;
        }
        pending.compute(command.externalId(), (id, before) -> {
            Set<String> boards = new HashSet<>(before == null ? Set.of() : before.boards());
            targets.forEach(target -> boards.add(target.boardId()));
            return new Pending(boards, before == null ? 1 : before.upserts() + 1);
        });
    }

    /** The upsert ended on all its boards: their records know its external_id, where it was published. */
    void ended(JobCommand command) {
        if (upsert(command)) {
            pending.computeIfPresent(command.externalId(),
                    (id, before) -> before.upserts() == 1 ? null : new Pending(before.boards(), before.upserts() - 1));
        }
    }

    private static boolean upsert(JobCommand command) {
        return command.externalId() != null && JobCommand.UPSERT.equals(command.command());
    }
}
