package ru.rabota.bridge.jobs;

/**
 * How one job command ended: its event, and for {@link Outcome#FAILED} why and after how many API calls (the
 * caller sends a dead letter instead of the event).
 */
public record JobOutcome(JobEvent event, Throwable failure, int attempts) {

    public static JobOutcome of(JobEvent event) {
        return new JobOutcome(event, null, 0);
    }

    /** The same outcome with its event stamped with the board. */
    public JobOutcome onBoard(String boardId) {
        return new JobOutcome(event.onBoard(boardId), failure, attempts);
    }

    public boolean failed() {
        return event.event() == Outcome.FAILED;
    }
}
