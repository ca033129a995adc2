package ru.rabota.bridge.jobs;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the bundle remembers of one {@code external_id}, the value in the state store {@code jobState}:
 * {@code {"job_id":"651","hash":"...","status":"active","source":"feed"}}.
 *
 * @param jobId  the VK Работа job; null while {@link Status#CREATING}
 * @param hash   {@link ContentHash} of the last upsert body sent (while creating: of the body being sent)
 * @param source who upserted the job last; snapshot feeds close only {@link Source#FEED} jobs
 * @param body   the last body sent, where a board needs it again (hh.ru republishes an archived vacancy from it);
 *               null for VK Работа
 * @param answer the Kafka command record that made this record, and what it was answered: that record read again
 *               (a crash after the call, before its answer reached Kafka) gets the same answer, not {@code unchanged};
 *               after a feed row, the last Kafka record answered without an outcome: the row came after it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRecord(String jobId, String hash, Status status, Source source, JsonNode body, Answer answer) {

    public JobRecord(String jobId, String hash, Status status, Source source) {
        this(jobId, hash, status, source, null, null);
    }

    public JobRecord(String jobId, String hash, Status status, Source source, JsonNode body) {
        this(jobId, hash, status, source, body, null);
    }

    /**
     * @param record  the command's Kafka record, {@code topic-partition@offset}
     * @param outcome its job event; null when a feed row changed the job after that record
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String record, Outcome outcome) {
    }

    public enum Status {
        /**
         * An intent, written before {@code POST /jobs}: the job may exist although its id was not saved (a crash
         * between the answer and the save), so the next command for this external_id looks it up first.
         */
        CREATING,
        ACTIVE,
        /** Closed by a command of this bundle; an upsert revives it. */
        CLOSED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Source {
        KAFKA, FEED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static JobRecord creating(String hash, Source source) {
        return new JobRecord(null, hash, Status.CREATING, source);
    }

    public JobRecord with(Status newStatus) {
        return new JobRecord(jobId, hash, newStatus, source, body, answer);
    }

    public JobRecord published(String newJobId, String newHash, Source newSource) {
        return new JobRecord(newJobId, newHash, Status.ACTIVE, newSource, body, answer);
    }

    /** The same record keeping this body. */
    public JobRecord withBody(JsonNode newBody) {
        return new JobRecord(jobId, hash, status, source, newBody, answer);
    }

    /**
     * The same record, made by the command of this Kafka record with this outcome; by a feed row (no record): the
     * Kafka record answered before stays, without its outcome, as the row came after it ({@link #supersedes}).
     */
    public JobRecord answering(String record, Outcome outcome) {
        Answer made = record != null ? new Answer(record, outcome)
                : answer == null ? null : new Answer(answer.record(), null);
        return new JobRecord(jobId, hash, status, source, body, made);
    }

    /** Whether a feed published the job last and it is open: a snapshot feed that no longer lists it closes it. */
    public boolean openFromFeed() {
        return source == Source.FEED && status == Status.ACTIVE;
    }

    /** What this Kafka record was answered, when it is the one that made this record. */
    public Optional<Outcome> answerTo(String record) {
        return answer != null && answer.outcome() != null && answer.record().equals(record)
                ? Optional.of(answer.outcome()) : Optional.empty();
    }

    /**
     * Whether a later command than this Kafka record made this record: a command of the same topic partition with a
     * higher offset, or a feed row after this record or a later one. This record was then read again after its
     * consumer group's offsets went back (reset, or expired after a week without a member), and the later command
     * stands. Records of other partitions (the topic's partitions changed) never compare.
     */
    public boolean supersedes(String record) {
        if (answer == null || record == null) {
            return false;
        }
        String answered = answer.record();
        int at = record.lastIndexOf('@');
        int answeredAt = answered.lastIndexOf('@');
        if (at <= 0 || !record.substring(0, at).equals(answered.substring(0, Math.max(answeredAt, 0)))) {
            return false;
        }
        long offset = Long.parseLong(record.substring(at + 1));
        long answeredOffset = Long.parseLong(answered.substring(answeredAt + 1));
        return offset < answeredOffset || offset == answeredOffset && answer.outcome() == null;
    }
}
