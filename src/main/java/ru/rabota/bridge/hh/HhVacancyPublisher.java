package ru.rabota.bridge.hh;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.jobs.ContentHash;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.JobOutcome;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.jobs.Outcome;
import ru.rabota.bridge.jobs.RecordedBoard;
import ru.rabota.bridge.vk.VkCallException;
import ru.rabota.bridge.vk.VkOperations;

/**
 * Carries out job commands on hh.ru (CONTRACT.md section 6), bound as {@code hhVacancyPublisher}. What
 * {@code jobState} holds per external_id (key {@code hh:<external_id>}, {@link JobRecord} with the last body sent):
 * <ul>
 * <li>upsert, unknown: an intent ({@code creating}, with body and hash) is saved, then {@code POST /vacancies}, then
 * the vacancy id. A publication spends the employer's purchased services, so it must never happen twice: the bundle
 * never sends {@code ignore_duplicates}, and hh.ru refuses a repeated POST (after a lost answer, or after a crash
 * that left the intent) with 403 {@code vacancies: duplicate} naming the vacancies found; the one whose {@code code}
 * is this external_id ({@code GET /vacancies/{id}}) is adopted instead.</li>
 * <li>upsert, active: unchanged content calls nothing; changed, {@code PUT /vacancies/{id}} with every editable
 * field (composite fields whole, as hh.ru demands); a change of a field set at publication only (area, type, billing
 * type) is {@code rejected}.</li>
 * <li>upsert of an archived one, and revive: hh.ru has no un-archive, so {@code POST /vacancies} with
 * {@code previous_id} publishes it anew, and the new id replaces the old (intent first, as for a creation).</li>
 * <li>close: {@code PUT /employers/{employer_id}/vacancies/archived/{id}}; closed already: no call.</li>
 * </ul>
 * hh.ru's refusals (4xx but 401, 408, 429; access refused for good is not one) are {@code rejected} with hh.ru's
 * {@code type: value}, field and pointer; other failures, once retries gave up, {@link Outcome#FAILED}.
 */
public final class HhVacancyPublisher extends RecordedBoard {

    private static final Set<Integer> NOT_REFUSALS = Set.of(401, 408, 429);
    private static final Pattern DUPLICATES = Pattern.compile("vacancies: duplicate \\(([\\d, ]+)\\)");
    private static final List<String> COMMANDS = List.of(JobCommand.UPSERT, JobCommand.CLOSE, JobCommand.REVIVE);

    private final boolean enabled;
    private final VkOperations operations;
    private final HhEmployer employer;

    /**
     * @param enabled  {@code bridge.hh.enabled}
     * @param stopping true while the application stops: a failure then is the stop's doing, not the command's
     */
    public HhVacancyPublisher(boolean enabled, JobState state, VkOperations operations, HhEmployer employer,
            BooleanSupplier stopping) {
        super(state, stopping);
        this.enabled = enabled;
        this.operations = operations;
        this.employer = employer;
    }

    @Override
    public JobOutcome publish(JobCommand command, String origin, JobRecord.Source source, String record) {
        if (!enabled) {
            return rejected(command, origin, null, "boards: hh.ru is off here (bridge.hh.enabled=false)");
        }
        if (!COMMANDS.contains(command.command())) {
            return rejected(command, origin, null, "command: \"" + command.command() + "\", one of " + COMMANDS);
        }
        try {
            return switch (command.command()) {
                case JobCommand.UPSERT -> upsert(command, origin, source, record);
                case JobCommand.CLOSE -> close(command, origin);
                default -> revive(command, origin, record);
            };
        } catch (VkCallException e) {
            return failed(e, command, origin);
        }
    }

    private JobOutcome upsert(JobCommand command, String origin, JobRecord.Source source, String record) {
        ObjectNode body = HhVacancyRequests.body(command);
        List<String> violations = HhVacancyValidator.violations(body);
        if (!violations.isEmpty()) {
            return rejected(command, origin, null, String.join("; ", violations));
        }
        String hash = ContentHash.of(body);
        JobRecord known = state.get(command.externalId()).orElse(null);
        if (known == null || known.status() == JobRecord.Status.CREATING) {
            String previous = known == null ? null : known.jobId();
            return publication(command, origin, source, record, body, hash, previous, previous == null
                    ? Outcome.CREATED : Outcome.REVIVED);
        }
        if (known.status() == JobRecord.Status.CLOSED) {
            return publication(command, origin, source, record, body, hash, known.jobId(), Outcome.REVIVED);
        }
        if (known.hash().equals(hash)) {
            // the record read again after a crash gets its answer once more
            Optional<Outcome> answered = known.answerTo(record);
            return done(answered.orElse(Outcome.UNCHANGED), command, origin, known.jobId(), answered.isPresent());
        }
        List<String> fixed = known.body() == null ? List.of() : HhVacancyRequests.createOnlyChanges(known.body(), body);
        if (!fixed.isEmpty()) {
            return rejected(command, origin, null, String.join(", ", fixed) + ": set when hh.ru vacancy "
                    + known.jobId() + " was published, hh.ru does not change it; close it and publish anew");
        }
        operations.call("hh-update-vacancy", Map.of(HhApiCall.VACANCY_ID, known.jobId()),
                HhVacancyRequests.edit(body));
        state.put(command.externalId(), known.published(known.jobId(), hash, source).withBody(body)
                .answering(record, Outcome.UPDATED));
        return done(Outcome.UPDATED, command, origin, known.jobId(), true);
    }

    /** The published vacancy a close or revive acts on, or why there is none to act on. */
    private record Published(JobRecord record, JobOutcome refusal) {
    }

    private Published published(JobCommand command, String origin) {
        JobRecord known = state.get(command.externalId()).orElse(null);
        if (known == null) {
            return new Published(null, rejected(command, origin, null, "external_id '" + command.externalId()
                    + "' is unknown on hh.ru: " + command.command() + " needs a vacancy that this bundle published"
                    + " there"));
        }
        if (known.status() == JobRecord.Status.CREATING) {
            return new Published(null, rejected(command, origin, null, "the hh.ru publication of external_id '"
                    + command.externalId() + "' is not confirmed (the bundle stopped while publishing): send its"
                    + " upsert again first"));
        }
        return new Published(known, null);
    }

    private JobOutcome close(JobCommand command, String origin) {
        Published published = published(command, origin);
        if (published.refusal() != null) {
            return published.refusal();
        }
        JobRecord known = published.record();
        if (known.status() == JobRecord.Status.ACTIVE) {
            operations.call("hh-archive-vacancy", Map.of(HhApiCall.VACANCY_ID, known.jobId(),
                    HhVacancies.EMPLOYER_ID, employer.id()), null);
            state.put(command.externalId(), known.with(JobRecord.Status.CLOSED));
        }
        return done(Outcome.CLOSED, command, origin, known.jobId(), known.status() == JobRecord.Status.ACTIVE);
    }

    private JobOutcome revive(JobCommand command, String origin, String record) {
        Published published = published(command, origin);
        if (published.refusal() != null) {
            return published.refusal();
        }
        JobRecord known = published.record();
        if (known.answerTo(record).isPresent()) {
            return done(Outcome.REVIVED, command, origin, known.jobId(), true);
        }
        if (known.status() == JobRecord.Status.ACTIVE) {
            return rejected(command, origin, null, "hh.ru vacancy " + known.jobId() + " is active: revive publishes"
                    + " an archived vacancy anew, at the price of a publication");
        }
        return publication(command, origin, known.source(), record, (ObjectNode) known.body(), known.hash(),
                known.jobId(), Outcome.REVIVED);
    }

    /**
     * Publishes the body, anew with {@code previous_id} when there is one, after saving the intent; adopts the
     * vacancy hh.ru names as a duplicate when its code is this external_id.
     */
    private JobOutcome publication(JobCommand command, String origin, JobRecord.Source source, String record,
            ObjectNode body, String hash, String previousId, Outcome outcome) {
        String externalId = command.externalId();
        state.put(externalId, new JobRecord(previousId, hash, JobRecord.Status.CREATING, source, body));
        ObjectNode sent = body.deepCopy();
        if (previousId != null) {
            sent.put("previous_id", previousId);
        }
        String id;
        try {
            id = operations.call("hh-create-vacancy", Map.of(), sent).path("id").asText();
        } catch (VkCallException e) {
            id = duplicateOf(e, externalId);
            if (id == null) {
                if (e.apiFailure() != null && refused(e.apiFailure())) {
                    forget(externalId, previousId, source, hash, body);
                }
                throw e;
            }
        }
        state.put(externalId, new JobRecord(id, hash, JobRecord.Status.ACTIVE, source, body)
                .answering(record, outcome));
        return done(outcome, command, origin, id, true);
    }

    /** The vacancy of this external_id among those a 403 duplicate names, else null. */
    private String duplicateOf(VkCallException failure, String externalId) {
        ApiException api = failure.apiFailure();
        Matcher duplicates = api == null || api.httpStatus() != 403 ? null : DUPLICATES.matcher(api.detail());
        if (duplicates == null || !duplicates.find()) {
            return null;
        }
        for (String id : duplicates.group(1).split(",\\s*")) {
            JsonNode vacancy = operations.call("hh-get-vacancy", Map.of(HhApiCall.VACANCY_ID, id), null);
            if (externalId.equals(vacancy.path("code").asText(null))) {
                return id;
            }
        }
        return null;
    }

    /** A refused publication made nothing: back to what was there before the intent. */
    private void forget(String externalId, String previousId, JobRecord.Source source, String hash, ObjectNode body) {
        if (previousId == null) {
            state.remove(externalId);
        } else {
            state.put(externalId, new JobRecord(previousId, hash, JobRecord.Status.CLOSED, source, body));
        }
    }

    private static JobOutcome done(Outcome outcome, JobCommand command, String origin, String id, boolean called) {
        ObjectNode job = called ? JsonNodeFactory.instance.objectNode().put("id", id) : null;
        return JobOutcome.of(JobEvent.done(outcome, command, origin, id, job));
    }

    /** hh.ru turned the command down; repeating it would not help. Access refused for good is no refusal. */
    @Override
    protected boolean refused(ApiException failure) {
        int status = failure.httpStatus();
        return status >= 400 && status < 500 && !NOT_REFUSALS.contains(status)
                && !(failure instanceof HhAccessException);
    }
}
