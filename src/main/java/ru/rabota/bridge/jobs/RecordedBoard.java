package ru.rabota.bridge.jobs;

import java.util.Set;
import java.util.function.BooleanSupplier;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.vk.VkCallException;

/**
 * What the boards' publishers share: the board's {@link JobRecord}s, and how a failed API call ends a command. The
 * board's refusal (a 4xx it tells apart, {@link #refused}) is {@code rejected} in its words; a call that failed for
 * good otherwise is {@link Outcome#FAILED}, with the attempts made; a failure while the application stops is thrown,
 * so the command runs again at the next start.
 */
public abstract class RecordedBoard implements BoardPublisher {

    protected final JobState state;
    private final BooleanSupplier stopping;

    /** @param stopping true while the application stops: a failure then is the stop's doing, not the command's */
    protected RecordedBoard(JobState state, BooleanSupplier stopping) {
        this.state = state;
        this.stopping = stopping;
    }

    @Override
    public Set<String> openFeedJobs() {
        return state.openFeedJobs();
    }

    @Override
    public boolean knows(String externalId) {
        return state.get(externalId).isPresent();
    }

    /** Whether the board turned the command down, so that repeating it would not help. */
    protected abstract boolean refused(ApiException failure);

    /** How a command ends whose call failed for good. */
    protected JobOutcome failed(VkCallException failure, JobCommand command, String origin) {
        if (stopping.getAsBoolean()) {
            throw new IllegalStateException("stopping: " + command.command() + " " + command.externalId()
                    + " is left for the next start", failure);
        }
        ApiException api = failure.apiFailure();
        if (api != null && refused(api)) {
            return rejected(command, origin, api.httpStatus(), api.detail());
        }
        Integer status = api == null || api.httpStatus() == 0 ? null : api.httpStatus();
        String detail = api != null ? api.detail() : failure.getCause().getMessage();
        return new JobOutcome(JobEvent.refused(Outcome.FAILED, command.externalId(), command.requestId(), origin,
                status, detail), failure.getCause(), failure.attempts());
    }

    protected static JobOutcome rejected(JobCommand command, String origin, Integer httpStatus, String detail) {
        return JobOutcome.of(JobEvent.refused(Outcome.REJECTED, command.externalId(), command.requestId(), origin,
                httpStatus, detail));
    }
}
