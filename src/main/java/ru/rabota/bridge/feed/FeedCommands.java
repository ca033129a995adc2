package ru.rabota.bridge.feed;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.jobs.JobBoards;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.JobEvents;
import ru.rabota.bridge.jobs.JobOutcome;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaOutput;

/**
 * The feeds' commands on their boards ({@link JobBoards}: each board's part through route {@code job-command} on that
 * board's lanes), and what comes of them written to Kafka: the job events, the records, the dead letters, each write
 * counted in {@link #writes} until Kafka acknowledges it. One for every feed.
 */
final class FeedCommands {

    private final JobBoards boards;
    private final JobEvents events;
    private final DeadLetters deadLetters;
    private final FeedWrites writes = new FeedWrites();

    FeedCommands(JobBoards boards, JobEvents events, DeadLetters deadLetters) {
        this.boards = boards;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /** The writes of every feed not acknowledged yet. */
    FeedWrites writes() {
        return writes;
    }

    /**
     * The boards the command is for, each with its board (null: one the bundle does not know); a close or revive
     * without boards also acts on {@code upserted}, the boards of its external_id's upserts still under way.
     */
    List<JobBoards.Target> targets(JobCommand command, Set<String> upserted) {
        return boards.targets(command, upserted);
    }

    /**
     * The command on each of its {@code targets}, on that board's lanes, where {@code due} still holds on the lane
     * (elsewhere no event: null); a board whose retries ran out becomes a dead letter, and {@code failed} runs. Each board's
     * event completes once Kafka acknowledged it.
     */
    List<CompletableFuture<JobEvent>> onBoards(JobCommand command, List<JobBoards.Target> targets, String origin,
            Predicate<JobBoards.Target> due, Runnable failed) {
        return targets.stream().map(target -> onLanes(target, command, origin, due, failed)).toList();
    }

    /**
     * The event written; one Kafka refuses for what it holds (larger than a request: the job as the API
     * returned it, a huge description) becomes the row's dead letter with the event as payload, as a Kafka
     * command's does: sending it again cannot succeed, and it must not stop the feed at every reading.
     */
    CompletableFuture<JobEvent> sent(JobEvent event) {
        return writes.acknowledged(events.send(event)).handle((written, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable refusal = KafkaOutput.refusal(error);
            if (refusal == null) {
                throw error instanceof CompletionException completion ? completion : new CompletionException(error);
            }
            return writes.acknowledged(deadLetters.sendAsync(event.origin(), event.externalId(),
                    events.record(event).value(), refusal, 0, FeedProcessor.ROUTE, event.requestId()));
        }).thenCompose(letter -> letter).thenApply(written -> event);
    }

    private CompletableFuture<JobEvent> onLanes(JobBoards.Target target, JobCommand command, String origin,
            Predicate<JobBoards.Target> due, Runnable failed) {
        CompletableFuture<JobEvent> event = new CompletableFuture<>();
        boards.lanes(target).submit(target.lane(command), () -> {
            if (!due.test(target)) {
                event.complete(null);
                return CompletableFuture.completedFuture(null);
            }
            JobOutcome outcome = boards.publish(target, command, origin, JobRecord.Source.FEED, null, null);
            CompletableFuture<Void> state = writes.acknowledged(outcome.writeState());
            if (!outcome.failed()) {
                return CompletableFuture.allOf(state, sent(outcome.event()))
                        .thenRun(() -> event.complete(outcome.event()));
            }
            failed.run();
            deadLetters.send(origin, command.externalId(), json(command), outcome.failure(), outcome.attempts(),
                    FeedProcessor.ROUTE, command.requestId());
            return state.thenRun(() -> event.complete(outcome.event()));
        }).whenComplete((result, error) -> {
            if (error != null) {
                event.completeExceptionally(error);
            }
        });
        return event;
    }

    private static String json(JobCommand command) {
        try {
            return BridgeJson.MAPPER.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job command", e);
        }
    }
}
