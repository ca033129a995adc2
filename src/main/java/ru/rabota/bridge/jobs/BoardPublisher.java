package ru.rabota.bridge.jobs;

import java.util.Set;

import ru.rabota.bridge.command.Lanes;

/**
 * Carries out one job command on one board and says how it ended. Throws only when the bundle itself cannot go on
 * (state store or Kafka unavailable, the application stopping): the command then runs again later. Commands of one
 * external_id must not run at once on one board ({@link Lanes}).
 */
public interface BoardPublisher {

    /**
     * @param origin {@link JobEvent#KAFKA} or a feed row's {@code csv:<file>#<row>}
     * @param source recorded with the job: snapshot feeds close only jobs whose last upsert came from a feed
     * @param record the Kafka record of the command ({@code topic-partition@offset}), recorded with the job so that
     *               the record read again after a crash gets the answer it had; null for a feed row
     */
    JobOutcome publish(JobCommand command, String origin, JobRecord.Source source, String record);

    /** The external ids this board holds open jobs of, last upserted by a feed: what a snapshot feed must list. */
    Set<String> openFeedJobs();

    /** Whether the board holds a job of this external_id (in any state). */
    boolean knows(String externalId);
}
