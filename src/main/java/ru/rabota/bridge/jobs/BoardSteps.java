package ru.rabota.bridge.jobs;

import ru.rabota.bridge.api.ApiException;

/** What a board's job steps ({@code vkJobs}, {@code hhJobs}) tell the job flow's one catch ({@link JobFlow#failed}). */
public interface BoardSteps {

    /** Whether the board turned the command down, so that repeating it would not help: {@code rejected}. */
    boolean refused(ApiException failure);
}
