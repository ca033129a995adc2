package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The highest price in roubles the API ever reported for each paid action: the {@code prices} of the active packets
 * ({@code GET /packets}, read by the company poll) and {@code origin.price} in the answers of paid actions
 * (contact_view). Prices differ by region, so a cheaper answer never lowers one, and a 0 (what the document's packets
 * list for every action) is no price. Kept in the {@code vasState} store under {@code prices}, and read from it at
 * every use: another instance may have learned a higher one since.
 */
public final class PriceTable {

    static final String KEY = "prices";

    private final KafkaStateStore store;

    public PriceTable(KafkaStateStore store) {
        this.store = store;
    }

    public Optional<BigDecimal> price(VasCode action) {
        return Optional.ofNullable(prices().get(action));
    }

    /** The dearest price known of any action. */
    public Optional<BigDecimal> highest() {
        return prices().values().stream().max(BigDecimal::compareTo);
    }

    /** Remembers these prices where higher than known; writes only then. */
    public void learn(Map<VasCode, BigDecimal> reported) {
        store.readToEnd();
        learn(reported, Map.of(), store::putAll);
    }

    /**
     * Has {@code write} write {@code others} with these prices where higher than known, merged into what the store
     * holds now. Serialised, so that two merges of this process do not write each other's prices away.
     */
    synchronized void learn(Map<VasCode, BigDecimal> reported, Map<String, String> others,
            Consumer<Map<String, String>> write) {
        Map<VasCode, BigDecimal> known = prices();
        Map<VasCode, BigDecimal> merged = new EnumMap<>(VasCode.class);
        merged.putAll(known);
        reported.forEach((action, price) -> {
            if (price.signum() > 0) {
                merged.merge(action, price, BigDecimal::max);
            }
        });
        Map<String, String> writes = new HashMap<>(others);
        if (!merged.equals(known)) {
            Map<String, String> json = new TreeMap<>();
            merged.forEach((action, price) -> json.put(action.code(), price.toPlainString()));
            try {
                writes.put(KEY, BridgeJson.MAPPER.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!writes.isEmpty()) {
            write.accept(writes);
        }
    }

    /**
     * The highest price per action among the active packets of a {@code GET /packets} answer: where regions price
     * differently, the guard counts the dearest.
     */
    public static Map<VasCode, BigDecimal> fromPackets(JsonNode answer) {
        Map<VasCode, BigDecimal> found = new EnumMap<>(VasCode.class);
        JsonApi.list(answer, "packets").records().stream()
                .map(packet -> packet.path("current_step"))
                .filter(step -> step.path("active").asBoolean(false))
                .flatMap(step -> step.path("prices").valueStream())
                .filter(price -> price.path("price").isNumber())
                .forEach(price -> VasCode.of(price.path("code").asText()).ifPresent(action ->
                        found.merge(action, price.path("price").decimalValue(), BigDecimal::max)));
        return found;
    }

    private Map<VasCode, BigDecimal> prices() {
        Map<VasCode, BigDecimal> stored = new EnumMap<>(VasCode.class);
        store.get(KEY).map(PriceTable::read).orElse(Map.of()).forEach((code, price) ->
                VasCode.of(code).ifPresent(action -> stored.put(action, new BigDecimal(price))));
        return stored;
    }

    private static Map<String, String> read(String json) {
        try {
            return CommandJson.READER.forType(new TypeReference<Map<String, String>>() { }).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable prices in the vas state: " + e.getOriginalMessage(), e);
        }
    }
}
