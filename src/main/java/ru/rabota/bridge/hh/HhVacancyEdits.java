package ru.rabota.bridge.hh;

import static ru.rabota.bridge.jobs.JobFlow.known;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.jobs.ContentHash;
import ru.rabota.bridge.jobs.JobFlow;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;

/**
 * The edits of an update in route {@code hh-job} (routes/jobs-hh.camel.yaml), bound as {@code hhVacancyEdits}: hh.ru
 * takes the editable fields in one {@code PUT /vacancies/{id}}, but a new billing type and a new manager each only
 * alone ({@link HhVacancyRequests#edits}), so an update is a loop of edits, and the record follows each one made.
 * Apart from {@link HhJobSteps}: the loop keeps its own state in exchange properties (the edits left, the vacancy as
 * hh.ru holds it), which the other steps neither read nor set; {@link HhJobSteps#updated} records the update's end.
 * Thread-safe.
 */
public final class HhVacancyEdits {

    /** Property: the edits of an update not made yet. */
    static final String EDITS = "bridgeHhEdits";
    /** Property: the vacancy's body as hh.ru holds it after the edits made so far. */
    static final String HELD = "bridgeHhHeld";

    private final JobState state;

    public HhVacancyEdits(JobState state) {
        this.state = state;
    }

    /** The {@code PUT /vacancies/{id}} bodies of an update ({@link HhVacancyRequests#edits}), to make in turn. */
    public void edits(Exchange exchange) {
        JobRecord known = known(exchange);
        exchange.setProperty(EDITS, new ArrayDeque<>(HhVacancyRequests.edits(known.body(),
                exchange.getProperty(JobFlow.BODY, ObjectNode.class))));
        if (known.body() != null) {
            exchange.setProperty(HELD, known.body().deepCopy());
        }
    }

    /** Whether an edit of the update is still to be made. */
    public boolean moreEdits(Exchange exchange) {
        return !exchange.getProperty(EDITS, Deque.class).isEmpty();
    }

    /**
     * The next edit, as the body of {@code hh-update-vacancy}, of the vacancy in its path, with
     * {@code ignore_duplicates=true}: an edit publishes nothing, and a vacancy alike to another external_id's (the same
     * name in the same area) is one the bundle publishes all the same, so hh.ru's duplicate check would only refuse it.
     */
    public ObjectNode nextEdit(Exchange exchange) {
        exchange.getMessage().setHeader(HhApi.VACANCY_ID, known(exchange).jobId());
        exchange.getMessage().setHeader(ApiHeaders.QUERY, Map.of("ignore_duplicates", "true"));
        return (ObjectNode) exchange.getProperty(EDITS, Deque.class).peek();
    }

    /**
     * An edit made: the record holds the vacancy as hh.ru has it now, so that a later edit refused (a billing type
     * hh.ru does not take) leaves a record that sends only what is left.
     */
    public void edited(Exchange exchange) {
        ObjectNode edit = (ObjectNode) exchange.getProperty(EDITS, Deque.class).pop();
        ObjectNode held = HhVacancyRequests.edited(exchange.getProperty(HELD, ObjectNode.class),
                exchange.getProperty(JobFlow.BODY, ObjectNode.class), edit);
        exchange.setProperty(HELD, held);
        JobRecord known = known(exchange);
        JobFlow.save(exchange, state, known.published(known.jobId(), ContentHash.of(held), JobFlow.source(exchange))
                .withBody(held));
    }
}
