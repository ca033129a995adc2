package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * What paid commands spent on one Moscow day: roubles and actions per action code, including what is reserved
 * for calls under way. Kept as JSON in the {@code vasState} store under {@code day:<date>}.
 *
 * @param day     ISO date, {@code 2026-11-23}
 * @param actions how many actions of each code ({@link VasCode#code()})
 */
public record DailySpend(@JsonProperty("day") String day, @JsonProperty("spent") BigDecimal spent,
        @JsonProperty("actions") Map<String, Integer> actions) {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    /** Its key in the store is this and the date. */
    static final String KEY = "day:";

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

    /** The day as this instance's view of the store holds it; nothing spent before its first admission. */
    static DailySpend stored(KafkaStateStore store, String day) {
        return store.get(KEY + day).map(DailySpend::fromJson).orElseGet(() -> none(LocalDate.parse(day)));
    }

    public static DailySpend fromJson(String json) {
        try {
            return CommandJson.READER.forType(DailySpend.class).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable daily spend in the vas state: " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        try {
            return BridgeJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public int count(VasCode action) {
        return actions.getOrDefault(action.code(), 0);
    }

    public DailySpend plus(List<Charge> charges) {
        return add(charges, 1);
    }

    public DailySpend minus(List<Charge> charges) {
        return add(charges, -1);
    }

    private DailySpend add(List<Charge> charges, int sign) {
        Map<String, Integer> counted = new TreeMap<>(actions);
        BigDecimal total = spent;
        for (Charge charge : charges) {
            counted.merge(charge.action().code(), sign, Integer::sum);
            total = total.add(charge.price().multiply(BigDecimal.valueOf(sign)));
        }
        return new DailySpend(day, total, counted);
    }
}
