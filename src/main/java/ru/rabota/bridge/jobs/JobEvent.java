package ru.rabota.bridge.jobs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import ru.rabota.bridge.log.LogText;

/**
 * The job event of CONTRACT.md section 3, value of {@code rabota.jobs.events}. Every key is always written (null
 * when it does not apply), so consumers see one shape.
 *
 * @param board  the board the event is of ({@link Board} id, or the unknown id a command named)
 * @param origin {@link #KAFKA} or {@code csv:<file name>#<row>} ({@code FeedRow#origin})
 * @param job    the job's attributes as the API returned them; null when nothing was called
 * @param error  why a command was rejected or failed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"event", "board", "external_id", "job_id", "request_id", "origin", "job", "error"})
public record JobEvent(Outcome event, String board, String externalId, String jobId, String requestId, String origin,
        JsonNode job, Error error) {

    public static final String KAFKA = "kafka";

    /**
     * @param httpStatus the API's answer, or null when the bundle's own validation refused the command
     * @param detail     in the API's words where it gave any
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Error(Integer httpStatus, String detail) {

        public Error {
            detail = LogText.detail(detail);
        }
    }

    /** A command the API carried out (or, for {@link Outcome#UNCHANGED}, that needed no call). */
    public static JobEvent done(Outcome event, JobCommand command, String origin, String jobId, JsonNode job) {
        return new JobEvent(event, null, command.externalId(), jobId, command.requestId(), origin, job, null);
    }

    /** A command refused ({@link Outcome#REJECTED}) or given up ({@link Outcome#FAILED}). */
    public static JobEvent refused(Outcome event, String externalId, String requestId, String origin,
            Integer httpStatus, String detail) {
        return new JobEvent(event, null, externalId, null, requestId, origin, null, new Error(httpStatus, detail));
    }

    /** The same event naming this job of its board (a refusal of a command on a job the board has). */
    public JobEvent ofJob(String id) {
        return new JobEvent(event, board, externalId, id, requestId, origin, job, error);
    }

    /** The event of this board; every event leaves the bundle stamped with its board. */
    public JobEvent onBoard(String boardId) {
        return new JobEvent(event, boardId, externalId, jobId, requestId, origin, job, error);
    }
}
