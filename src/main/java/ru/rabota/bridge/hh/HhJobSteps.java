package ru.rabota.bridge.hh;

import static ru.rabota.bridge.jobs.JobFlow.command;
import static ru.rabota.bridge.jobs.JobFlow.hash;
import static ru.rabota.bridge.jobs.JobFlow.known;
import static ru.rabota.bridge.jobs.JobFlow.origin;
import static ru.rabota.bridge.jobs.JobFlow.record;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.jobs.BoardSteps;
import ru.rabota.bridge.jobs.ContentHash;
import ru.rabota.bridge.jobs.JobCommand;
import ru.rabota.bridge.jobs.JobCommandValidator;
import ru.rabota.bridge.jobs.JobEvent;
import ru.rabota.bridge.jobs.JobFlow;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.jobs.Outcome;

/**
 * The steps of route {@code hh-job} (routes/jobs-hh.camel.yaml) that are not calls, bound as {@code hhJobs}: the
 * command's checks and vacancy body, the external_id's {@link JobRecord} (key {@code hh:<external_id>}) and the case
 * it makes ({@link HhVacancyCase}), what each case records, and the job event it leaves as the body. A publication
 * spends one of the employer's purchased publications, so it must never happen twice: the intent (with the body) is
 * saved before {@code POST /vacancies}, which goes without {@code ignore_duplicates}, and a repeated POST that hh.ru
 * refuses as a duplicate adopts the vacancy it names; only when none named is of its code, and none can be,
 * does the publication go again with {@code ignore_duplicates=true}. That search through the vacancies named is
 * {@link HhDuplicates}'s, and the edits an update makes one after the other are {@link HhVacancyEdits}': loops with
 * state of their own in exchange properties; the search reads what a publication sends here ({@link #publication}).
 * Commands of one external_id never run at once (the board's lanes). Thread-safe.
 */
public final class HhJobSteps implements BoardSteps {

    /** Property: the outcome of a publication of an earlier intent's body, which the upsert's edits then answer. */
    static final String PUBLISHED_AS = "bridgeHhPublishedAs";
    /** Property: set when hh.ru refused the earlier intent's body, so that the upsert's own is published. */
    static final String OWN_BODY = "bridgeHhOwnBody";

    private static final Set<Integer> NOT_REFUSALS = Set.of(401, 408, 429);
    private static final List<String> COMMANDS = List.of(JobCommand.UPSERT, JobCommand.CLOSE, JobCommand.REVIVE);

    private final boolean enabled;
    private final JobState state;

    /** @param enabled {@code bridge.hh.enabled} */
    public HhJobSteps(boolean enabled, JobState state) {
        this.enabled = enabled;
        this.state = state;
    }

    /**
     * The bundle's own checks: hh.ru on here, an external_id that is not blank, a command it carries out, an upsert's
     * vacancy ({@link HhVacancyRequests#body}) that {@link HhVacancyValidator} passes, each violation naming its field
     * ({@code hh.area: missing}). A command that fails is {@link HhVacancyCase#REJECTED}, its event the body; an
     * upsert that passes gets its body and hash.
     */
    public void validate(Exchange exchange) {
        JobCommand command = command(exchange);
        String externalId = JobCommandValidator.required("external_id", command.externalId());
        if (!enabled) {
            reject(exchange, "boards: hh.ru is off here (bridge.hh.enabled=false)");
        } else if (externalId != null) {
            // a blank one would be published as code "" and recorded under "hh:"
            reject(exchange, externalId);
        } else if (!COMMANDS.contains(command.command())) {
            reject(exchange, "command: \"" + command.command() + "\" is not one of " + COMMANDS);
        } else if (JobCommand.UPSERT.equals(command.command())) {
            ObjectNode body = HhVacancyRequests.body(command);
            List<String> violations = HhVacancyValidator.violations(command, body);
            if (!violations.isEmpty()) {
                exchange.setProperty(JobFlow.CASE, HhVacancyCase.REJECTED.id());
                exchange.getMessage().setBody(JobFlow.refusedByChecks(exchange, state, String.join("; ", violations)));
                return;
            }
            exchange.setProperty(JobFlow.BODY, body);
            exchange.setProperty(JobFlow.HASH, ContentHash.of(body));
        }
    }

    /** Unless the command was rejected: reads the external_id's record and names the case ({@link HhVacancyCase#of}). */
    public void decide(Exchange exchange) {
        if (HhVacancyCase.REJECTED.id().equals(exchange.getProperty(JobFlow.CASE))) {
            return;
        }
        JobCommand command = command(exchange);
        JobRecord known = state.get(command.externalId()).orElse(null);
        exchange.setProperty(JobFlow.KNOWN, known);
        if (known != null && known.jobId() != null) {
            exchange.getMessage().setHeader(HhApi.VACANCY_ID, known.jobId());
        }
        exchange.setProperty(JobFlow.CASE, HhVacancyCase.of(command.command(), known,
                exchange.getProperty(JobFlow.BODY, ObjectNode.class), hash(exchange), record(exchange)).id());
    }

    /**
     * Saves the intent before {@code POST /vacancies} and leaves what is sent as the body: the upsert's vacancy (a
     * revive: the one published last), with {@code previous_id} when a vacancy was there before. A refusal of the
     * POST brings the record back to what it was.
     */
    public ObjectNode intent(Exchange exchange) {
        Publication publication = publication(exchange);
        String externalId = command(exchange).externalId();
        state.put(externalId, new JobRecord(publication.previousId(), publication.hash(), JobRecord.Status.CREATING,
                publication.source(), publication.body()));
        // the record as it was, answer and last good body included (a refused body kept would be what a revive
        // sends, and a record without its answer no longer tells an older command read again)
        JobRecord before = known(exchange);
        exchange.setProperty(JobFlow.UNDO, (Runnable) () -> {
            if (before == null) {
                state.remove(externalId);
            } else {
                state.put(externalId, before);
            }
        });
        return sent(publication);
    }

    /** What a publication sends: its vacancy, with {@code previous_id} when a vacancy was there before. */
    static ObjectNode sent(Publication publication) {
        ObjectNode sent = publication.body().deepCopy();
        if (publication.previousId() != null) {
            sent.put("previous_id", publication.previousId());
        }
        return sent;
    }

    /**
     * Whether hh.ru refused the {@code POST} of an earlier intent's body sent again, and the refusal rules out that
     * the earlier attempt published: not a duplicate refusal that may leave its vacancy unnamed (hh.ru names a limited
     * number), nor one after an attempt without answer ({@link ApiHeaders#ACTED_MAYBE}, set by {@link HhDuplicates}).
     */
    public boolean earlierIntentRefused(Exchange exchange) {
        ApiException failure = caught(exchange);
        return "POST".equals(failure.method()) && refused(failure) && earlierIntent(exchange)
                && !exchange.getProperty(ApiHeaders.ACTED_MAYBE, false, Boolean.class);
    }

    /** Whether the body published is an earlier intent's, not the upsert's own. */
    static boolean earlierIntent(Exchange exchange) {
        return JobCommand.UPSERT.equals(command(exchange).command())
                && !publication(exchange).hash().equals(hash(exchange));
    }

    /** After {@link #earlierIntentRefused}: the upsert's own body is the one to publish. */
    public void ownBody(Exchange exchange) {
        exchange.setProperty(OWN_BODY, true);
    }

    /**
     * The vacancy published (the body has its id): saved as active → {@code created}, or {@code revived}. When the
     * body sent was an earlier intent's, the upsert's own content follows as it would for any active vacancy: the case
     * becomes {@link HhVacancyCase#UPDATE} (answered with this outcome) or {@link HhVacancyCase#FIXED_FIELDS}.
     */
    public JobEvent published(Exchange exchange) {
        exchange.removeProperty(JobFlow.UNDO);
        Publication publication = publication(exchange);
        String id = exchange.getMessage().getBody(JsonNode.class).path("id").asText();
        Outcome outcome = publication.previousId() == null ? Outcome.CREATED : Outcome.REVIVED;
        JobRecord before = known(exchange);
        JobRecord after = new JobRecord(id, publication.hash(), JobRecord.Status.ACTIVE, publication.source(),
                publication.body(), before == null ? null : before.answer()).answering(record(exchange), outcome);
        JobFlow.save(exchange, state, after);
        if (JobCommand.UPSERT.equals(command(exchange).command()) && !publication.hash().equals(hash(exchange))) {
            exchange.setProperty(JobFlow.KNOWN, after);
            exchange.setProperty(PUBLISHED_AS, outcome);
            exchange.setProperty(JobFlow.CASE, HhVacancyCase.of(JobCommand.UPSERT, after,
                    exchange.getProperty(JobFlow.BODY, ObjectNode.class), hash(exchange), record(exchange)).id());
        }
        return done(exchange, outcome, id, true);
    }

    /**
     * The vacancy's new content saved, with its body → {@code updated}, or the outcome of the publication of an
     * earlier intent that came before ({@link #published}).
     */
    public JobEvent updated(Exchange exchange) {
        JobRecord known = known(exchange);
        Outcome outcome = exchange.getProperty(PUBLISHED_AS, Outcome.UPDATED, Outcome.class);
        JobFlow.save(exchange, state, known.published(known.jobId(), hash(exchange),
                JobFlow.source(exchange)).withBody(exchange.getProperty(JobFlow.BODY, ObjectNode.class))
                .answering(record(exchange), outcome));
        return done(exchange, outcome, known.jobId(), true);
    }

    /**
     * {@link #validate} and {@link #decide} without an exchange, when they come to {@link HhVacancyCase#UNCHANGED}:
     * nothing called, no {@code job} in the event.
     */
    @Override
    public Optional<JobEvent> unchanged(JobCommand command, String origin, String record) {
        JobRecord known = enabled && JobCommand.UPSERT.equals(command.command())
                ? state.get(command.externalId()).orElse(null) : null;
        if (known == null || known.status() != JobRecord.Status.ACTIVE) {
            return Optional.empty();
        }
        ObjectNode body = HhVacancyRequests.body(command);
        if (!HhVacancyValidator.violations(command, body).isEmpty() || HhVacancyCase.of(command.command(), known, body,
                ContentHash.of(body), record) != HhVacancyCase.UNCHANGED) {
            return Optional.empty();
        }
        return Optional.of(JobEvent.done(Outcome.UNCHANGED, command, origin, known.jobId(), null));
    }

    /**
     * The answer the record had, nothing called again; the record is written again with it (the transaction that
     * wrote it first may have been lost: the record is then only this process's).
     */
    public JobEvent replayed(Exchange exchange) {
        JobRecord known = known(exchange);
        JobFlow.save(exchange, state, known);
        return done(exchange, known.answerTo(record(exchange)).orElseThrow(), known.jobId(), true);
    }

    /**
     * The vacancy archived → {@code closed}; the record names the command, so that an older one read again is
     * superseded ({@link JobRecord#supersedes}) and does not publish the vacancy anew.
     */
    public JobEvent archived(Exchange exchange) {
        JobRecord known = known(exchange);
        JobFlow.save(exchange, state, known.with(JobRecord.Status.CLOSED).answering(record(exchange),
                Outcome.CLOSED));
        return done(exchange, Outcome.CLOSED, known.jobId(), true);
    }

    /**
     * hh.ru answered the archive 404, which it answers for a vacancy archived already as for an unknown one: archived
     * by an attempt whose answer was lost (or before a crash), or by hh.ru when it expired. The vacancy's page (the
     * body) tells: archived, the close is done ({@link #archived} follows); otherwise the refusal stands.
     */
    public void archivedBefore(Exchange exchange) {
        if (!exchange.getMessage().getBody(JsonNode.class).path("archived").asBoolean()) {
            throw ApiException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).copy();
        }
    }

    /**
     * A revive of a vacancy the record has active read its page (the body): hh.ru archives a vacancy itself when it
     * expires, without a word, so an archived one is the record's closed vacancy, published anew
     * ({@link HhVacancyCase#PUBLISH}, its undo leaving it closed); otherwise the revive is refused as active.
     */
    public void expired(Exchange exchange) {
        if (exchange.getMessage().getBody(JsonNode.class).path("archived").asBoolean()) {
            exchange.setProperty(JobFlow.KNOWN, known(exchange).with(JobRecord.Status.CLOSED));
            exchange.setProperty(JobFlow.CASE, HhVacancyCase.PUBLISH.id());
        }
    }

    /**
     * hh.ru refused an edit as {@code unavailable_for_archived}: it archives a vacancy itself when it expires. Its page
     * (the body) tells: archived, the record says closed now and the refusal says so, so that the upsert sent again
     * publishes it anew; otherwise the refusal stands.
     */
    public void archivedByHh(Exchange exchange) {
        ApiException refusal = caught(exchange);
        if (!exchange.getMessage().getBody(JsonNode.class).path("archived").asBoolean()) {
            throw refusal.copy();
        }
        JobRecord known = known(exchange);
        JobFlow.save(exchange, state, known.with(JobRecord.Status.CLOSED));
        throw new ApiException(refusal.source(), refusal.method(), refusal.path(), refusal.httpStatus(),
                refusal.detail() + ": hh.ru archived vacancy " + known.jobId() + " itself (it expired); send the"
                        + " upsert again to publish it anew, at the price of a publication", null, refusal);
    }

    /** Archived already → {@code closed}, without {@code job}. */
    public JobEvent closedAlready(Exchange exchange) {
        return done(exchange, Outcome.CLOSED, known(exchange).jobId(), false);
    }

    /** A case hh.ru is not asked about: {@code rejected}, saying why. */
    public JobEvent refusal(Exchange exchange) {
        JobCommand command = command(exchange);
        JobRecord known = known(exchange);
        return JobFlow.rejected(exchange, null, switch (HhVacancyCase.of(exchange.getProperty(JobFlow.CASE,
                String.class))) {
            case UNKNOWN -> "external_id '" + command.externalId() + "' is unknown on hh.ru: " + command.command()
                    + " needs a vacancy that this bundle published there";
            case UNCONFIRMED -> "the hh.ru publication of external_id '" + command.externalId() + "' is not"
                    + " confirmed (the bundle stopped or gave up while publishing): send its upsert again first, with"
                    + " \"boards\": [\"hh\"] (to every board, it would revive a job closed on the others, for a price)";
            case ACTIVE_ALREADY -> "hh.ru vacancy " + known.jobId() + " is active: revive publishes an archived"
                    + " vacancy anew, at the price of a publication";
            case FIXED_FIELDS -> String.join(", ", HhVacancyRequests.createOnlyChanges(known.body(),
                    exchange.getProperty(JobFlow.BODY, ObjectNode.class))) + ": set when hh.ru vacancy "
                    + known.jobId() + " was published, hh.ru does not change it; close it and publish anew";
            default -> throw new IllegalArgumentException("no refusal: " + exchange.getProperty(JobFlow.CASE));
        });
    }

    /** hh.ru turned the command down; repeating it would not help. Access refused for good is no refusal. */
    @Override
    public boolean refused(ApiException failure) {
        int status = failure.httpStatus();
        return status >= 400 && status < 500 && !NOT_REFUSALS.contains(status)
                && !(failure instanceof HhAccessException);
    }

    /**
     * What a publication sends and records: an upsert's vacancy, or (revive) the one published last; and an earlier
     * intent's, whose outcome was never learned, as it was.
     */
    record Publication(ObjectNode body, String hash, JobRecord.Source source, String previousId) {
    }

    static Publication publication(Exchange exchange) {
        JobRecord known = known(exchange);
        String previousId = known == null ? null : known.jobId();
        if (JobCommand.UPSERT.equals(command(exchange).command())) {
            if (known != null && known.status() == JobRecord.Status.CREATING && known.body() != null
                    && !exchange.getProperty(OWN_BODY, false, Boolean.class)) {
                // retries given up, or access lost, after the POST: it may have published a vacancy, which hh.ru
                // names as a duplicate only of a near-identical body (same name and area); a changed upsert follows
                // as an edit
                return new Publication((ObjectNode) known.body(), known.hash(), JobFlow.source(exchange), previousId);
            }
            return new Publication(exchange.getProperty(JobFlow.BODY, ObjectNode.class), hash(exchange),
                    JobFlow.source(exchange), previousId);
        }
        return new Publication((ObjectNode) known.body(), known.hash(), known.source(), previousId);
    }

    private static void reject(Exchange exchange, String detail) {
        exchange.setProperty(JobFlow.CASE, HhVacancyCase.REJECTED.id());
        exchange.getMessage().setBody(JobFlow.rejected(exchange, null, detail));
    }

    static ApiException caught(Exchange exchange) {
        return ApiException.in(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    private static JobEvent done(Exchange exchange, Outcome outcome, String id, boolean called) {
        ObjectNode job = called ? JsonNodeFactory.instance.objectNode().put("id", id) : null;
        return JobEvent.done(outcome, command(exchange), origin(exchange), id, job);
    }
}
