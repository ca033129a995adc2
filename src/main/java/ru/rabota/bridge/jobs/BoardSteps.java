package ru.rabota.bridge.jobs;

import java.util.Optional;

import ru.rabota.bridge.api.ApiException;

/** What a board's job steps ({@code vkJobs}, {@code hhJobs}) tell the job flow outside its routes. */
public interface BoardSteps {

    /** Whether the board turned the command down, so that repeating it would not help: {@code rejected}. */
    boolean refused(ApiException failure);

    /**
     * The {@code unchanged} event of an upsert that passes the board's checks and whose content the board's active job
     * has already: what the board's route would answer without a call, decided by the same steps without the route
     * ({@link JobBoards#publish}: a snapshot feed's rows are mostly these). Empty when the route has work to do. Runs
     * on the command's lane.
     *
     * @param record the command's Kafka record, null for a feed row (a record read again is replayed, never unchanged)
     */
    Optional<JobEvent> unchanged(JobCommand command, String origin, String record);
}
