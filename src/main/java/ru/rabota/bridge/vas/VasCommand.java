package ru.rabota.bridge.vas;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.log.LogText;

/**
 * A VAS command of CONTRACT.md section 3: paid actions for jobs ({@code job_id}, or the customer's
 * {@code external_id} of a job the bundle published) and candidates ({@code user_id}), paid from the company
 * wallet or its bonuses ({@code use_account}, default company). Action codes pass to the API as given.
 */
public record VasCommand(String requestId, String useAccount, List<Action> actions) {

    static final List<String> ACCOUNTS = List.of("company", "bonus");
    /** VK Работа's job and candidate ids are numbers ({@code "id": "651"}). */
    private static final Pattern ID = Pattern.compile("\\d{1,18}");
    public static final String REQUEST_ID_MISSING =
            "request_id: missing (a paid command needs one, so that a replay never pays twice)";

    /** One paid action; {@code jobId} is filled from {@code externalId} by {@link #withJobIds}. */
    public record Action(String action, String jobId, String externalId, String userId) {

        public Optional<VasCode> code() {
            return VasCode.of(action);
        }
    }

    public VasCommand {
        actions = List.copyOf(actions);
    }

    /** @throws ru.rabota.bridge.command.MalformedCommandException when a field has the wrong type */
    public static VasCommand parse(CommandJson json) {
        List<Action> actions = json.objects("actions").stream()
                .map(a -> new Action(a.text("action"), a.text("job_id"), a.text("external_id"), a.text("user_id")))
                .toList();
        return new VasCommand(json.text("request_id"), json.text("use_account"), actions);
    }

    /** The content the API would refuse, or the guard could not count; empty when the command may run. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (requestId == null || requestId.isBlank()) {
            violations.add(REQUEST_ID_MISSING);
        }
        if (useAccount != null && !ACCOUNTS.contains(useAccount)) {
            violations.add("use_account: \"" + useAccount + "\" is not one of " + ACCOUNTS);
        }
        if (actions.isEmpty()) {
            violations.add("actions: none given");
        }
        for (int i = 0; i < actions.size(); i++) {
            action(violations, "actions[" + i + "]", actions.get(i));
        }
        return violations;
    }

    /** What the guard counts, one entry per action (the command must be valid). */
    public List<VasCode> codes() {
        return actions.stream().map(action -> action.code().orElseThrow()).toList();
    }

    /**
     * The command with each {@code external_id} turned into its job id, or the violations naming the external ids
     * the bundle does not know.
     */
    public VasCommand withJobIds(JobState jobIds, List<String> violations) {
        List<Action> resolved = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            if (action.externalId() == null) {
                resolved.add(action);
                continue;
            }
            Optional<String> jobId = jobIds.get(action.externalId()).map(JobRecord::jobId);
            if (jobId.isEmpty()) {
                violations.add("actions[" + i + "].external_id: \"" + action.externalId()
                        + "\" is no job the bundle published");
            }
            resolved.add(new Action(action.action(), jobId.orElse(null), action.externalId(), action.userId()));
        }
        return new VasCommand(requestId, useAccount, resolved);
    }

    private static void action(List<String> violations, String at, Action action) {
        if (action.action() == null) {
            violations.add(at + ".action: missing");
            return;
        }
        Optional<VasCode> code = action.code();
        if (code.isEmpty()) {
            violations.add(at + ".action: \"" + action.action() + "\" is no paid action (" + VasCode.allNames() + ")");
        } else if (code.get().forCandidate() && action.userId() == null) {
            violations.add(at + ": " + action.action() + " needs user_id");
        } else if (!code.get().forCandidate() && (action.jobId() == null) == (action.externalId() == null)) {
            violations.add(at + ": " + action.action() + " needs job_id or external_id (one of them)");
        } else if (code.get().forCandidate() && !ID.matcher(action.userId()).matches()) {
            violations.add(at + ".user_id: \"" + LogText.cut(action.userId()) + "\" is no candidate id (a number)");
        } else if (action.jobId() != null && !ID.matcher(action.jobId()).matches()) {
            violations.add(at + ".job_id: \"" + LogText.cut(action.jobId()) + "\" is no VK Работа job id (a number);"
                    + " name a job the bundle published by its external_id");
        }
    }
}
