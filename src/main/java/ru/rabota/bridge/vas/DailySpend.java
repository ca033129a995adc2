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

/**
 * What paid commands spent on one Moscow day: roubles and actions per action code, including what is reserved
 * for calls under way. Summed from the store's entries ({@link SpendLedger}); versions before the ledger kept it as
 * JSON under {@code day:<date>}.
 *
 * @param day     ISO date, {@code 2026-11-23}
 * @param actions how many actions of each code ({@link VasCode#code()})
 */
public record DailySpend(@JsonProperty("day") String day, @JsonProperty("spent") BigDecimal spent,
        @JsonProperty("actions") Map<String, Integer> actions) {

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
            throw new IllegalStateException("unreadable daily spend in the vas state: " + e.getOriginalMessage(), e);
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
