package ru.rabota.bridge.feed;

import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.Outcome;

/**
 * One data row of a feed: a job command, or why the row could not be read as one.
 *
 * @param row     1 for the first data row after the header; rows with no value at all are skipped, not counted
 * @param origin  {@code csv:<file name>#<row>}, the job event's {@code origin}
 * @param command the row's command; of an unreadable row, what it names of itself (its external_id, null when the
 *                cell is empty, its command and boards where those cells were read): where its rejection goes
 * @param error   each unreadable cell with its column and value, e.g. {@code lat: 'abc' is not a number}
 * @param shifted whether the row has more or fewer values than the header: its cells may be shifted, so even the
 *                external_id it names may be another cell's
 */
public record FeedRow(int row, String origin, JobCommand command, String error, boolean shifted) {

    public FeedRow(int row, String origin, JobCommand command, String error) {
        this(row, origin, command, error, false);
    }

    public boolean readable() {
        return error == null;
    }

    public String externalId() {
        return command.externalId();
    }

    /** The {@code rejected} event of an unreadable row (before its board is stamped). */
    public JobEvent rejection() {
        return JobEvent.refused(Outcome.REJECTED, externalId(), null, origin, null, error);
    }
}
