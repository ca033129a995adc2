package ru.rabota.bridge.vas;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.command.UnknownFields;
import ru.rabota.bridge.jobs.JobState;

/**
 * Reads a VAS command (bean {@code vasCommands}, route {@code vas-command}): a valid one becomes the
 * {@link PaidActionsCall} in property {@link PaidCommands#CALL}; an invalid one becomes its {@code rejected} result
 * in the body, without a call. Results are keyed by the command's request_id (else the record's key).
 */
public final class VasCommands {

    public static final String EVENT = "vas.result";

    /** The fields read: any other is told of once (a misspelt use_account paid from the wallet without a word). */
    private static final UnknownFields UNKNOWN = new UnknownFields("VAS commands",
            Set.of("request_id", "use_account", "actions"));

    private final JobState jobIds;

    public VasCommands(JobState jobIds) {
        this.jobIds = jobIds;
    }

    /** @throws ru.rabota.bridge.command.MalformedCommandException when the record is no VAS command at all */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        CommandJson json = CommandJson.parse(message.getBody(String.class));
        UNKNOWN.check(json.tree());
        VasCommand command = VasCommand.parse(json);
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
