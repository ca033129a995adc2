package ru.rabota.bridge.jobs;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job command of CONTRACT.md section 3, from Kafka ({@link JobCommandParser}) or a feed row. Fields are as received:
 * {@link JobCommandValidator} judges them, so a command with content the API would refuse still parses.
 *
 * @param command       {@link #UPSERT}, {@link #CLOSE} or {@link #REVIVE}
 * @param professionId  wins over {@code profession}, a title from the profession directory
 * @param job           upsert only; may be null on close and revive
 * @param boards        the boards to act on ({@link Board} ids); null: {@code bridge.jobs.boards} for an upsert, every
 *                      board the external_id was published to for close and revive
 * @param hh            hh.ru's own fields of {@code POST /vacancies}, passed through over the mapped ones; may be null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobCommand(String command, String externalId, String requestId, Integer professionId, String profession,
        String publicationType, String reason, Job job, List<String> boards, ObjectNode hh) {

    /** A command for the default boards, without hh.ru fields. */
    public JobCommand(String command, String externalId, String requestId, Integer professionId, String profession,
            String publicationType, String reason, Job job) {
        this(command, externalId, requestId, professionId, profession, publicationType, reason, job, null, null);
    }

    /** The same command for these boards only. */
    public JobCommand onBoards(List<String> only) {
        return new JobCommand(command, externalId, requestId, professionId, profession, publicationType, reason, job,
                only, hh);
    }

    public static final String UPSERT = "upsert";
    public static final String CLOSE = "close";
    public static final String REVIVE = "revive";
}
