package ru.rabota.bridge.jobs;

import static ru.rabota.bridge.jobs.JobFlow.command;
import static ru.rabota.bridge.jobs.JobFlow.hash;
import static ru.rabota.bridge.jobs.JobFlow.known;
import static ru.rabota.bridge.jobs.JobFlow.origin;
import static ru.rabota.bridge.jobs.JobFlow.record;
import static ru.rabota.bridge.jobs.JobFlow.source;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.vk.VkApi;
import ru.rabota.bridge.vk.VkCredentialsException;

/**
 * The steps of route {@code vk-job} (routes/jobs-vk.camel.yaml) that are not calls, bound as {@code vkJobs}: the
 * command's validation and request body, the external_id's {@link JobRecord} in {@code jobState} and the case it
 * makes ({@link VkJobCase}), what each case records, and the job event it leaves as the body. The calls are the
 * route's. Commands of one external_id never run at once (the board's lanes). Thread-safe.
 */
public final class VkJobSteps implements BoardSteps {

    /** Property: whether an upsert's content differs from what its job has (its saved hash). */
    static final String CHANGED = "bridgeJobChanged";
    /** Property: whether the job of a revive was found active before the call ({@link #revivedBefore}). */
    static final String REVIVED_BEFORE = "bridgeJobRevivedBefore";

    private static final Set<Integer> NOT_REFUSALS = Set.of(401, 403, 408, 429);

    private final Supplier<Professions> professions;
    private final JobState state;

    /** @param professions the profession directory, looked up when a command needs it */
    public VkJobSteps(Supplier<Professions> professions, JobState state) {
        this.professions = professions;
        this.state = state;
    }

    /**
     * The bundle's own checks ({@link JobCommandValidator}): a command that fails them is {@link VkJobCase#REJECTED},
     * its event the body. An upsert that passes gets its request body ({@link JobRequests#upsertBody}) and hash.
     */
    public void validate(Exchange exchange) {
        JobCommand command = command(exchange);
        Validation validation = new JobCommandValidator(professions.get()).validate(command);
        if (!validation.valid()) {
            exchange.setProperty(JobFlow.CASE, VkJobCase.REJECTED.id());
            exchange.getMessage().setBody(JobFlow.refusedByChecks(exchange, state, validation.detail()));
        } else if (JobCommand.UPSERT.equals(command.command())) {
            ObjectNode body = JobRequests.upsertBody(command, validation.professionId());
            exchange.setProperty(JobFlow.BODY, body);
            exchange.setProperty(JobFlow.HASH, ContentHash.of(body));
        }
    }

    /** Unless the command was rejected: reads the external_id's record and names the case ({@link VkJobCase#of}). */
    public void decide(Exchange exchange) {
        if (VkJobCase.REJECTED.id().equals(exchange.getProperty(JobFlow.CASE))) {
            return;
        }
        JobCommand command = command(exchange);
        JobRecord known = state.get(command.externalId()).orElse(null);
        remember(exchange, known);
        exchange.setProperty(JobFlow.CASE, VkJobCase.of(command.command(), known, hash(exchange), record(exchange))
                .id());
    }

    /**
     * After the look-up of an intent's job (the body: the job found, or null): a job found is adopted, its id saved;
     * none found, a close or revive forgets the intent. Then the case again ({@link VkJobCase#afterLookUp}).
     */
    public void adopt(Exchange exchange) {
        JobCommand command = command(exchange);
        JobRecord intent = known(exchange);
        JsonNode found = exchange.getMessage().getBody(JsonNode.class);
        boolean upsert = JobCommand.UPSERT.equals(command.command());
        JobRecord adopted = null;
        if (found != null) {
            adopted = intent.published(jobId(found), intent.hash(), upsert ? source(exchange) : intent.source());
            JobFlow.save(exchange, state, adopted);
            remember(exchange, adopted);
        } else if (!upsert) {
            state.remove(command.externalId());
        }
        exchange.setProperty(JobFlow.CASE, VkJobCase.afterLookUp(command.command(), adopted, hash(exchange),
                record(exchange)).id());
    }

    /** Saves the intent before {@code POST /jobs}; a refusal of the POST removes it (certainly no job). */
    public void intent(Exchange exchange) {
        String externalId = command(exchange).externalId();
        state.put(externalId, JobRecord.creating(hash(exchange), source(exchange)));
        exchange.setProperty(JobFlow.UNDO, (Runnable) () -> state.remove(externalId));
    }

    /** The job created or adopted (the body: the API's answer): saved as active → {@code created}. */
    public JobEvent created(Exchange exchange) {
        exchange.removeProperty(JobFlow.UNDO);
        JsonNode answer = exchange.getMessage().getBody(JsonNode.class);
        JobFlow.save(exchange, state, new JobRecord(jobId(answer), hash(exchange),
                JobRecord.Status.ACTIVE, source(exchange)).answering(record(exchange), Outcome.CREATED));
        return done(exchange, Outcome.CREATED, answer);
    }

    /** The job's new content saved → {@code updated}. */
    public JobEvent updated(Exchange exchange) {
        JobRecord known = known(exchange);
        JobFlow.save(exchange, state, known.published(known.jobId(), hash(exchange), source(exchange))
                .answering(record(exchange), Outcome.UPDATED));
        return done(exchange, Outcome.UPDATED, exchange.getMessage().getBody(JsonNode.class));
    }

    /**
     * {@link #validate} and {@link #decide} without an exchange, when they come to {@link VkJobCase#UNCHANGED}:
     * nothing called, no {@code job} in the event.
     */
    @Override
    public Optional<JobEvent> unchanged(JobCommand command, String origin, String record) {
        JobRecord known = JobCommand.UPSERT.equals(command.command())
                ? state.get(command.externalId()).orElse(null) : null;
        if (known == null || known.status() != JobRecord.Status.ACTIVE) {
            return Optional.empty();
        }
        Validation validation = new JobCommandValidator(professions.get()).validate(command);
        if (!validation.valid() || VkJobCase.of(command.command(), known,
                ContentHash.of(JobRequests.upsertBody(command, validation.professionId())), record)
                != VkJobCase.UNCHANGED) {
            return Optional.empty();
        }
        return Optional.of(JobEvent.done(Outcome.UNCHANGED, command, origin, known.jobId(), null));
    }

    /**
     * The answer the record had, with the job read back (the body); the record is written again with it (the
     * transaction that wrote it first may have been lost: the record is then only this process's).
     */
    public JobEvent replayed(Exchange exchange) {
        JobFlow.save(exchange, state, known(exchange));
        return done(exchange, known(exchange).answerTo(record(exchange)).orElseThrow(),
                exchange.getMessage().getBody(JsonNode.class));
    }

    /** A closed job brought to the upsert's content before its revival: saved, still closed. */
    public void contentUpdated(Exchange exchange) {
        JobRecord known = known(exchange);
        JobFlow.save(exchange, state, new JobRecord(known.jobId(), hash(exchange),
                JobRecord.Status.CLOSED, source(exchange), null, known.answer()));
    }

    /** The job revived: active again (an upsert's content and source saved) → {@code revived}. */
    public JobEvent revived(Exchange exchange) {
        JobRecord known = known(exchange);
        JobRecord revived = JobCommand.UPSERT.equals(command(exchange).command())
                ? known.published(known.jobId(), hash(exchange), source(exchange))
                : known.with(JobRecord.Status.ACTIVE);
        JobFlow.save(exchange, state, revived.answering(record(exchange), Outcome.REVIVED));
        return done(exchange, Outcome.REVIVED, exchange.getMessage().getBody(JsonNode.class));
    }

    /** Whether the bundle holds the job of a revive closed (the record before this command). */
    public boolean heldClosed(Exchange exchange) {
        return known(exchange).status() == JobRecord.Status.CLOSED;
    }

    /**
     * The job held closed, read before its revive (the body): active, a run of this command that a crash cut short
     * after its call revived it (or a person did), and the revive is not made again ({@value #REVIVED_BEFORE}); the
     * job read is then the answer.
     */
    public void revivedBefore(Exchange exchange) {
        String status = JsonApi.page(exchange.getMessage().getBody(JsonNode.class)).first()
                .map(job -> job.path("status").asText()).orElse("");
        exchange.setProperty(REVIVED_BEFORE, "active".equals(status));
    }

    /**
     * Whether VK refused (422) a revive of a job this bundle holds closed: then the job is read, and active it was
     * revived (a crash between the call and its record). A revive of a job the bundle holds active stays refused
     * (published already: nothing was paid).
     */
    public boolean reviveRefusedAfterClose(Exchange exchange) {
        ApiException refusal = ApiException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        return refusal != null && refusal.httpStatus() == 422 && known(exchange).status() == JobRecord.Status.CLOSED;
    }

    /** The job closed → {@code closed}. */
    public JobEvent closed(Exchange exchange) {
        JobFlow.save(exchange, state, known(exchange).with(JobRecord.Status.CLOSED)
                .answering(record(exchange), Outcome.CLOSED));
        return done(exchange, Outcome.CLOSED, exchange.getMessage().getBody(JsonNode.class));
    }

    /** Closed by this bundle already (a repeated command, or one replayed after a restart) → {@code closed}. */
    public JobEvent closedAlready(Exchange exchange) {
        return JobEvent.done(Outcome.CLOSED, command(exchange), origin(exchange), known(exchange).jobId(), null);
    }

    /** Close or revive of an external_id without a job → {@code rejected}. */
    public JobEvent unknown(Exchange exchange) {
        JobCommand command = command(exchange);
        return JobFlow.rejected(exchange, null, "external_id '" + command.externalId() + "' is unknown: "
                + command.command() + " needs a job that this bundle published");
    }

    /** VK turned the command down (4xx but 401, 403, 408, 429): repeating it would not help. */
    @Override
    public boolean refused(ApiException failure) {
        int status = failure.httpStatus();
        return status >= 400 && status < 500 && !NOT_REFUSALS.contains(status)
                && !(failure instanceof VkCredentialsException);
    }

    /** Keeps the record, and its job id as the path id of the operations. */
    private static void remember(Exchange exchange, JobRecord known) {
        exchange.setProperty(JobFlow.KNOWN, known);
        String hash = hash(exchange);
        exchange.setProperty(CHANGED, hash != null && known != null && !hash.equals(known.hash()));
        if (known != null && known.jobId() != null) {
            exchange.getMessage().setHeader(VkApi.JOB_ID, known.jobId());
        }
    }

    private static JobEvent done(Exchange exchange, Outcome outcome, JsonNode answer) {
        ObjectNode job = job(answer);
        return JobEvent.done(outcome, command(exchange), origin(exchange), job.path("id").asText(null), job);
    }

    private static String jobId(JsonNode answer) {
        return job(answer).path("id").asText();
    }

    /** The job of an answer as a flat record: id, type, the attributes as the API returned them, profession. */
    private static ObjectNode job(JsonNode answer) {
        return JsonApi.page(answer).first()
                .orElseThrow(() -> new IllegalStateException("VK answered without a job: " + answer));
    }
}
