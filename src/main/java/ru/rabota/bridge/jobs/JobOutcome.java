package ru.rabota.bridge.jobs;

/**
 * How one board's part of a job command ended ({@link JobFlow#outcome}): its event, and for {@link Outcome#FAILED}
 * why and after how many API calls (the caller sends a dead letter instead of the event).
 */
public record JobOutcome(JobEvent event, Throwable failure, int attempts) {

    public boolean failed() {
        return event.event() == Outcome.FAILED;
    }
}
