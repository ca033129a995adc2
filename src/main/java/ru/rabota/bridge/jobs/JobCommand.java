package ru.rabota.bridge.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A job command of CONTRACT.md section 3, from Kafka ({@link JobCommandParser}) or a feed row. Fields are as received:
 * {@link JobCommandValidator} judges them, so a command with content the API would refuse still parses.
 *
 * @param command       {@link #UPSERT}, {@link #CLOSE} or {@link #REVIVE}
 * @param professionId  wins over {@code profession}, a title from the profession directory
 * @param job           upsert only; may be null on close and revive
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobCommand(String command, String externalId, String requestId, Integer professionId, String profession,
        String publicationType, String reason, Job job) {

    public static final String UPSERT = "upsert";
    public static final String CLOSE = "close";
    public static final String REVIVE = "revive";
}
