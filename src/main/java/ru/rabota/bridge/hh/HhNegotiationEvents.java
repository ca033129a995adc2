package ru.rabota.bridge.hh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Turns negotiations read from a list page into application events, one per negotiation and status: a negotiation
 * whose {@code state.id} equals the status last emitted for it (applicationState key {@code hh:<id>}) is skipped,
 * so re-read pages, overlapping polls and restarts emit nothing twice. State value:
 * {@code {"status": <state.id>, "job_id": <vacancy id>, "collection": <collection>}}.
 */
public final class HhNegotiationEvents {

    private static final Logger LOG = LoggerFactory.getLogger(HhNegotiationEvents.class);

    private final Supplier<KafkaStateStore> state;
    private final ApplicationEmitter emitter;
    private final ObjectMapper mapper;

    public HhNegotiationEvents(Supplier<KafkaStateStore> state, ApplicationEmitter emitter, ObjectMapper mapper) {
        this.state = state;
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** The applicationState key of a negotiation. */
    public static String key(String negotiationId) {
        return HhApplicationEvent.SOURCE + ":" + negotiationId;
    }

    /** Emits the events that the page's items call for, as one batch in page order; returns how many. */
    public int emit(JsonNode items, String vacancyId, String collection) {
        List<ApplicationEmitter.Emission> emissions = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.path("id").asText("");
            String status = item.path("state").path("id").asText("");
            if (id.isEmpty() || status.isEmpty()) {
                LOG.warn("hh.ru vacancy {} collection {}: a negotiation without id or state.id was skipped", vacancyId,
                        collection);
                continue;
            }
            String key = key(id);
            String previous = lastStatus(key).orElse(null);
            if (status.equals(previous)) {
                continue;
            }
            emissions.add(new ApplicationEmitter.Emission(key,
                    mapper.valueToTree(HhApplicationEvent.of(item, vacancyId, collection, previous)),
                    mapper.createObjectNode().put("status", status).put("job_id", vacancyId)
                            .put("collection", collection).toString()));
        }
        emitter.emit(emissions);
        return emissions.size();
    }

    private Optional<String> lastStatus(String key) {
        return state.get().get(key).map(value -> {
            try {
                return mapper.readTree(value).path("status").asText(null);
            } catch (IOException e) {
                // an unreadable record tells no status: the negotiation counts as new
                return null;
            }
        });
    }
}
