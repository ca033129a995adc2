package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;

/**
 * What paid commands spent on one Moscow day: roubles and actions per action code, including what is reserved
 * for calls under way. Summed from the store's entries ({@link SpendLedger}); versions before the ledger kept it as
 * JSON under {@code day:<date>}.
 *
 * @param day     ISO date, {@code 2026-11-23}
 * @param actions how many actions of each code ({@link VasCode#code()})
 */
@JsonIgnoreProperties(DailySpend.MARK)
public record DailySpend(@JsonProperty("day") String day, @JsonProperty("spent") BigDecimal spent,
        @JsonProperty("actions") Map<String, Integer> actions) {

    /**
     * The field that marks a total under {@code day:<date>} as summed beneath this version's entries: versions before
     * the ledger read that total strictly, and refuse it ({@link SpendLedger#markForEarlierVersions}).
     */
    static final String MARK = "summed_by_a_later_version";

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    public DailySpend {
        actions = new TreeMap<>(actions);
    }

    public static DailySpend none(LocalDate day) {
        return new DailySpend(day.toString(), BigDecimal.ZERO, Map.of());
    }

    /** The Moscow day now. */
    static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(MOSCOW));
    }

    public static DailySpend fromJson(String json) {
        try {
            return CommandJson.READER.forType(DailySpend.class).readValue(json);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    private static IllegalStateException unreadable(JsonProcessingException e) {
        return new IllegalStateException("unreadable daily spend in the vas state: " + e.getOriginalMessage(), e);
    }

    /** This total as JSON, marked ({@link #MARK}). */
    String marked() {
        ObjectNode json = BridgeJson.MAPPER.valueToTree(this);
        return json.put(MARK, true).toString();
    }

    /** Whether a total under {@code day:<date>} is marked. */
    static boolean isMarked(String json) {
        try {
            return CommandJson.READER.readTree(json).has(MARK);
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    public int count(VasCode action) {
        return actions.getOrDefault(action.code(), 0);
    }

    public DailySpend plus(List<Charge> charges) {
        Map<String, Integer> counted = new TreeMap<>(actions);
        BigDecimal total = spent;
        for (Charge charge : charges) {
            counted.merge(charge.action().code(), 1, Integer::sum);
            total = total.add(charge.price());
        }
        return new DailySpend(day, total, counted);
    }
}
