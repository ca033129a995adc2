package ru.rabota.bridge.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.command.Lanes;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.vk.VkApi;
import ru.rabota.bridge.vk.VkCallException;
import ru.rabota.bridge.vk.VkCredentialsException;
import ru.rabota.bridge.vk.VkJobFinder;
import ru.rabota.bridge.vk.VkOperations;

/**
 * Carries out one job command against VK Работа ({@link BoardPublisher}) through the named operations and says how it ended
 * ({@link JobOutcome}). It throws only when the bundle itself cannot go on (state store or Kafka unavailable, the
 * application stopping): the caller then must not acknowledge the command, which runs again later. Commands of one
 * external_id must not run at once ({@link Lanes}).
 * <p>
 * What {@code jobState} holds per external_id ({@link JobRecord}) and how commands use it:
 * <ul>
 * <li>upsert, unknown external_id: an intent ({@code creating}, with the body's hash) is saved, then
 * {@code POST /jobs}, then the job id ({@code active}) → {@code created}. A 422 removes the intent.</li>
 * <li>upsert, active job: the body's hash equal to the saved one → {@code unchanged}, no call at all; else
 * {@code PUT /jobs/<id>} → {@code updated}.</li>
 * <li>upsert, job this bundle closed: an upsert says "publish this", so {@code PUT} when the content changed, then
 * {@code revive} with the command's publication_type → {@code revived}. (Closing keeps the hash but marks the
 * record closed, so the same content is not taken as unchanged.)</li>
 * <li>close, revive: need a job of this external_id, else {@code rejected} without a call. A close of a job this
 * bundle closed already calls nothing and reports {@code closed} again (without {@code job}).</li>
 * <li>an intent found (the process died between the POST and saving the id, or the POST failed for good with its
 * outcome unknown): the job is looked up by external_id ({@link VkJobFinder}, pages of {@code GET /jobs}); found,
 * it is adopted and the command reported as {@code created} (with a {@code PUT} first when the content differs);
 * not found, it is created. Within one call, a POST retried after a lost answer is covered by {@code vk-create-job}
 * itself, which looks the job up before repeating.</li>
 * </ul>
 * API refusals (4xx but 401, 403, 408, 429) become {@code rejected} with the API's detail; other failures, once the
 * retry policy gave up, become {@link Outcome#FAILED} with the attempts made.
 */
public final class JobPublisher extends RecordedBoard {

    private static final Set<Integer> NOT_REFUSALS = Set.of(401, 403, 408, 429);

    private final Supplier<Professions> professions;
    private final VkOperations vk;
    private final VkJobFinder finder;

    /**
     * @param professions the profession directory, looked up when a command needs it
     * @param stopping    true while the application stops: a failure then is the stop's doing, not the command's
     */
    public JobPublisher(Supplier<Professions> professions, JobState state, VkOperations vk, VkJobFinder finder,
            BooleanSupplier stopping) {
        super(state, stopping);
        this.professions = professions;
        this.vk = vk;
        this.finder = finder;
    }

    @Override
    public JobOutcome publish(JobCommand command, String origin, JobRecord.Source source, String record) {
        Validation validation = new JobCommandValidator(professions.get()).validate(command);
        if (!validation.valid()) {
            return rejected(command, origin, null, validation.detail());
        }
        try {
            return JobOutcome.of(switch (command.command()) {
                case JobCommand.UPSERT -> upsert(command, validation.professionId(), origin, source, record);
                case JobCommand.CLOSE -> change(command, origin, record, "vk-close-job",
                        JobRequests.closeParams(command), JobRecord.Status.CLOSED, Outcome.CLOSED);
                default -> change(command, origin, record, "vk-revive-job", JobRequests.reviveParams(command),
                        JobRecord.Status.ACTIVE, Outcome.REVIVED);
            });
        } catch (VkCallException e) {
            return failed(e, command, origin);
        }
    }

    private JobEvent upsert(JobCommand command, int professionId, String origin, JobRecord.Source source,
            String record) {
        String externalId = command.externalId();
        ObjectNode body = JobRequests.upsertBody(command, professionId);
        String hash = ContentHash.of(body);
        JobRecord known = state.get(externalId).orElse(null);
        if (known == null || known.status() == JobRecord.Status.CREATING) {
            return create(command, body, hash, known, origin, source, record);
        }
        String jobId = known.jobId();
        if (known.status() == JobRecord.Status.ACTIVE) {
            if (known.hash().equals(hash)) {
                Optional<Outcome> answered = known.answerTo(record);
                return answered.isPresent() ? replay(answered.get(), command, origin, jobId)
                        : JobEvent.done(Outcome.UNCHANGED, command, origin, jobId, null);
            }
            JsonNode job = update(jobId, body);
            state.put(externalId, known.published(jobId, hash, source).answering(record, Outcome.UPDATED));
            return done(Outcome.UPDATED, command, origin, job);
        }
        if (!known.hash().equals(hash)) {
            update(jobId, body);
            state.put(externalId, new JobRecord(jobId, hash, JobRecord.Status.CLOSED, source));
        }
        JsonNode job = vk.call("vk-revive-job", Map.of(VkApi.JOB_ID, jobId), JobRequests.reviveParams(command));
        state.put(externalId, known.published(jobId, hash, source).answering(record, Outcome.REVIVED));
        return done(Outcome.REVIVED, command, origin, job);
    }

    private JobEvent create(JobCommand command, ObjectNode body, String hash, JobRecord intent, String origin,
            JobRecord.Source source, String record) {
        String externalId = command.externalId();
        Optional<ObjectNode> existing = intent == null ? Optional.empty() : finder.byExternalId(externalId);
        JsonNode job;
        if (existing.isPresent()) {
            JobRecord adopted = intent.published(jobId(existing.get()), intent.hash(), source);
            state.put(externalId, adopted);
            job = hash.equals(intent.hash()) ? existing.get() : update(adopted.jobId(), body);
        } else {
            state.put(externalId, JobRecord.creating(hash, source));
            try {
                job = vk.call("vk-create-job", Map.of(), body);
            } catch (VkCallException e) {
                if (e.apiFailure() != null && refused(e.apiFailure())) {
                    state.remove(externalId); // refused: certainly no job
                }
                throw e;
            }
        }
        state.put(externalId, new JobRecord(jobId(job), hash, JobRecord.Status.ACTIVE, source)
                .answering(record, Outcome.CREATED));
        return done(Outcome.CREATED, command, origin, job);
    }

    /** Close or revive: a call on the job of this external_id, then its new status. */
    private JobEvent change(JobCommand command, String origin, String record, String operation,
            Map<String, String> parameters, JobRecord.Status status, Outcome outcome) {
        JobRecord known = knownJob(command.externalId());
        if (known == null) {
            return unknown(command, origin);
        }
        if (outcome == Outcome.CLOSED && known.status() == JobRecord.Status.CLOSED) {
            // closed by this bundle already (a repeated command, or one replayed after a restart): the API would
            // refuse a second close
            return JobEvent.done(Outcome.CLOSED, command, origin, known.jobId(), null);
        }
        if (known.answerTo(record).isPresent()) {
            return replay(outcome, command, origin, known.jobId());
        }
        JsonNode job = vk.call(operation, Map.of(VkApi.JOB_ID, known.jobId()), parameters);
        state.put(command.externalId(), known.with(status).answering(record, outcome));
        return done(outcome, command, origin, job);
    }

    /** The record with a job id; an intent is resolved by looking the job up. Null: no job of this external_id. */
    private JobRecord knownJob(String externalId) {
        JobRecord known = state.get(externalId).orElse(null);
        if (known == null || known.status() != JobRecord.Status.CREATING) {
            return known;
        }
        Optional<ObjectNode> found = finder.byExternalId(externalId);
        if (found.isEmpty()) {
            state.remove(externalId);
            return null;
        }
        JobRecord adopted = known.published(jobId(found.get()), known.hash(), known.source());
        state.put(externalId, adopted);
        return adopted;
    }

    /** The answer of a record read again after a crash (its call made, its answer lost), with the job as it is now. */
    private JobEvent replay(Outcome outcome, JobCommand command, String origin, String jobId) {
        return done(outcome, command, origin, vk.call("vk-get-job", Map.of(VkApi.JOB_ID, jobId), null));
    }

    private JsonNode update(String jobId, ObjectNode body) {
        return vk.call("vk-update-job", Map.of(VkApi.JOB_ID, jobId), body);
    }

    private static JobEvent unknown(JobCommand command, String origin) {
        return rejected(command, origin, null, "external_id '" + command.externalId() + "' is unknown: "
                + command.command() + " needs a job that this bundle published").event();
    }

    /** VK turned the command down (4xx but 401, 403, 408, 429): repeating it would not help. */
    @Override
    protected boolean refused(ApiException failure) {
        int status = failure.httpStatus();
        return status >= 400 && status < 500 && !NOT_REFUSALS.contains(status)
                && !(failure instanceof VkCredentialsException);
    }

    private static JobEvent done(Outcome outcome, JobCommand command, String origin, JsonNode answer) {
        ObjectNode job = record(answer);
        return JobEvent.done(outcome, command, origin, job.path("id").asText(null), job);
    }

    private static String jobId(JsonNode answer) {
        return record(answer).path("id").asText();
    }

    /** The job of an answer as a flat record: id, type, the attributes as the API returned them, profession. */
    private static ObjectNode record(JsonNode answer) {
        return JsonApi.page(answer).first()
                .orElseThrow(() -> new IllegalStateException("VK answered without a job: " + answer));
    }
}
