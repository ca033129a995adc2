package ru.rabota.bridge.vas;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.jobs.JobState;

/**
 * Reads a VAS command (bean {@code vasCommands}, route {@code vas-command}): a valid one becomes the
 * {@link PaidActionsCall} in property {@link PaidCommands#CALL}; an invalid one becomes its {@code rejected} result
 * in the body, without a call. Results are keyed by the command's request_id (else the record's key).
 */
public final class VasCommands {

    public static final String EVENT = "vas.result";

    private final JobState jobIds;

    public VasCommands(JobState jobIds) {
        this.jobIds = jobIds;
    }

    /** @throws ru.rabota.bridge.command.MalformedCommandException when the record is no VAS command at all */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        VasCommand command = VasCommand.parse(CommandJson.parse(message.getBody(String.class)));
        List<String> violations = new ArrayList<>(command.violations());
        if (violations.isEmpty()) {
            command = command.withJobIds(jobIds, violations);
        }
        PaidActionsCall call = new PaidActionsCall(command, EVENT);
        if (violations.isEmpty()) {
            exchange.setProperty(PaidCommands.CALL, call);
        } else {
            message.setBody(call.result(Outcome.REJECTED, String.join("; ", violations)));
        }
    }
}
