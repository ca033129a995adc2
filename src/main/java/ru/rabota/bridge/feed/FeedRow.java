package ru.rabota.bridge.feed;

import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.Outcome;

/**
 * One data row of a feed: a job command, or why the row could not be read as one.
 *
 * @param row        1 for the first data row after the header; rows with no value at all are skipped, not counted
 * @param origin     {@code csv:<file name>#<row>}, the job event's {@code origin}
 * @param externalId as the row has it, also when the row is unreadable (null when the cell is empty)
 * @param command    null when {@code error} is set
 * @param error      each unreadable cell with its column and value, e.g. {@code lat: 'abc' is not a number}
 */
public record FeedRow(int row, String origin, String externalId, JobCommand command, String error) {

    public boolean readable() {
        return error == null;
    }

    /** What an unreadable row is reported on: an upsert of its external_id, so on the default boards. */
    public JobCommand rejectionCommand() {
        return new JobCommand(JobCommand.UPSERT, externalId, null, null, null, null, null, null);
    }

    /** The {@code rejected} event of an unreadable row (before its board is stamped). */
    public JobEvent rejection() {
        return JobEvent.refused(Outcome.REJECTED, externalId, null, origin, null, error);
    }
}
