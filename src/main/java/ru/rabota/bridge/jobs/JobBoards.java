package ru.rabota.bridge.jobs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import ru.rabota.bridge.command.Lanes;

/**
 * Which boards a job command acts on, and each board's publisher and lanes (CONTRACT.md section 6). An upsert goes
 * to its {@code boards}, else to {@code bridge.jobs.boards}; a close or revive without {@code boards} to every board
 * that knows its external_id. A board id the bundle does not know gets its own {@code rejected} event. Each board has
 * lanes (threads) of its own, so a board that refuses, fails or is down never delays another's work. Thread-safe.
 */
public final class JobBoards {

    /**
     * One board's part of a command: to run with {@code board}'s publisher on its lanes, or, when {@code board} is
     * null, already answered by {@code rejection} (an unknown board id).
     */
    public record Target(String boardId, Board board, JobOutcome rejection) {

        /** The lane of this command on its board: one external_id at a time per board. */
        public String lane(JobCommand command) {
            return boardId + ":" + command.externalId();
        }
    }

    private final List<Board> defaults;
    private final Map<Board, Supplier<BoardPublisher>> publishers;
    private final Map<Board, Lanes> lanes;

    /**
     * @param defaults   {@code bridge.jobs.boards}
     * @param publishers each board's publisher, looked up on first use
     * @param lanes      each board's lanes
     */
    public JobBoards(List<Board> defaults, Map<Board, Supplier<BoardPublisher>> publishers, Map<Board, Lanes> lanes) {
        this.defaults = List.copyOf(defaults);
        this.publishers = new EnumMap<>(publishers);
        this.lanes = new EnumMap<>(lanes);
    }

    /** The boards of the command, in the order it names them (defaults: in configured order). */
    public List<Target> targets(JobCommand command, String origin) {
        Set<String> ids = new LinkedHashSet<>();
        if (command.boards() != null && !command.boards().isEmpty()) {
            ids.addAll(command.boards());
        } else if (JobCommand.UPSERT.equals(command.command())) {
            defaults.forEach(board -> ids.add(board.id()));
        } else {
            publishers.forEach((board, publisher) -> {
                if (command.externalId() != null && publisher.get().knows(command.externalId())) {
                    ids.add(board.id());
                }
            });
            if (ids.isEmpty()) {
                // no board knows it: each default board says so in its own words
                defaults.forEach(board -> ids.add(board.id()));
            }
        }
        List<Target> targets = new ArrayList<>();
        for (String id : ids) {
            targets.add(Board.of(id).filter(publishers::containsKey)
                    .map(board -> new Target(id, board, null))
                    .orElseGet(() -> new Target(id, null, JobOutcome.of(JobEvent.refused(Outcome.REJECTED,
                            command.externalId(), command.requestId(), origin, null, "boards: \"" + id
                                    + "\" is none of " + publishers.keySet().stream().map(Board::id).toList()))
                            .onBoard(id))));
        }
        return targets;
    }

    /** Carries out the command on the target's board; the outcome's event names the board. */
    public JobOutcome publish(Target target, JobCommand command, String origin, JobRecord.Source source,
            String record) {
        if (target.board() == null) {
            return target.rejection();
        }
        return publishers.get(target.board()).get().publish(command, origin, source, record)
                .onBoard(target.boardId());
    }

    /** The lanes the target's work runs on (an unknown board's rejection: the first board's, it calls nothing). */
    public Lanes lanes(Target target) {
        return lanes(target.board() != null ? target.board() : lanes.keySet().iterator().next());
    }

    /** The board's lanes. */
    public Lanes lanes(Board board) {
        return lanes.get(board);
    }

    /** Per board, the external ids of open jobs last upserted by a feed: what a snapshot feed must list. */
    public Map<Board, Set<String>> openFeedJobs() {
        Map<Board, Set<String>> open = new EnumMap<>(Board.class);
        publishers.forEach((board, publisher) -> open.put(board, publisher.get().openFeedJobs()));
        return open;
    }
}
