package ru.rabota.bridge.vas;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Decides on a paid command whose request_id the store holds already: its result is given again; an intent without
 * result (a stop or a crash between the call and the result) calls nothing, as VK may have charged, unless its call
 * is one VK carries out once however often it is sent (a phone read), or this process never sent it (its admission
 * written late): that one goes on on the reservation its intent made, nothing reserved twice.
 */
final class RecordedRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RecordedRequests.class);

    private final KafkaStateStore store;
    private final SpendingLimits limits;
    private final CommandsUnderWay underWay;

    RecordedRequests(KafkaStateStore store, SpendingLimits limits, CommandsUnderWay underWay) {
        this.store = store;
        this.limits = limits;
        this.underWay = underWay;
    }

    /**
     * The admission of a command whose request_id has the entry {@code recorded}, or null when a command of this
     * process with the request_id is under way: wait for it.
     *
     * @param unconfirmed the entry is this process's own intent, whose write Kafka did not confirm in time: nothing
     *                    was sent on it, and it is admitted on that intent as it stands
     */
    SpendingGuard.Admission admit(String requestId, String recorded, List<VasCode> actions, boolean contacts,
            boolean repeatable, boolean unconfirmed) {
        JsonNode entry = RequestEntry.read(recorded);
        Optional<ObjectNode> result = RequestEntry.result(entry);
        if (result.isPresent()) {
            return new SpendingGuard.Replay(result.get());
        }
        if (underWay.contains(requestId)) {
            return null;
        }
        // only a repeatable call's own intent: another kind's request_id names a reservation of other actions
        Optional<SpendingGuard.Admitted> again = unconfirmed || repeatable && RequestEntry.repeatable(entry)
                && !limits.refusesContacts(actions, contacts)
                        ? RequestEntry.reservation(requestId, entry, !unconfirmed) : Optional.empty();
        if (again.isEmpty()) {
            return new SpendingGuard.Unfinished();
        }
        if (unconfirmed) {
            LOG.info("Paid command {}: its admission was written after all, though Kafka did not confirm it in"
                    + " time; nothing was sent, it goes on on that reservation", LogText.cut(requestId));
            underWay.start(requestId, recorded);
        } else {
            takenUp(requestId, entry);
        }
        return again.get();
    }

    /**
     * Writes the intent again as this process's admission: the run that admitted it may still go on elsewhere (a
     * former leader that stood still, or whose retries outlasted the handover), and it writes nothing once its intent
     * is gone ({@link Settlements}). A write Kafka did not confirm fails the admission as a new one's does: nothing is
     * sent, and the command read again finds that intent or this one, both without a result, and takes it up again.
     */
    private void takenUp(String requestId, JsonNode recorded) {
        String intent = RequestEntry.admittedAgain(recorded);
        underWay.start(requestId, intent);
        try {
            store.put(SpendingGuard.REQUEST + requestId, intent);
        } catch (RuntimeException e) {
            underWay.end(requestId);
            throw e;
        }
    }
}
