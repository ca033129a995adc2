package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.properties.PropertyNames;
import ru.rabota.bridge.properties.PropertyValues;

/**
 * What paid commands may spend, from the properties: {@code bridge.vas.daily-budget} (roubles per Moscow day),
 * {@code bridge.vas.daily-limit.<action>} (actions per day, any name of the action; unset = unlimited),
 * {@code bridge.vas.default-price} (the fewest roubles an action counts when admitted) and
 * {@code bridge.vas.contacts.enabled} (contact purchases and phone reads, off by default).
 *
 * @param dailyLimits actions per day by action; absent = unlimited
 */
public record SpendingLimits(BigDecimal dailyBudget, BigDecimal defaultPrice, boolean contactsEnabled,
        Map<VasCode, Integer> dailyLimits) {

    public static final String DAILY_LIMIT = "bridge.vas.daily-limit.";

    private static final Logger LOG = LoggerFactory.getLogger(SpendingLimits.class);

    public SpendingLimits {
        dailyLimits = Map.copyOf(dailyLimits);
    }

    /**
     * Reads the limits. Each action's limit is looked up under each of its names, so a system property or an
     * environment variable ({@code BRIDGE_VAS_DAILY_LIMIT_JOB_HIGHLIGHT}) sets it too; with two names set, the
     * smaller wins. A limit for a name that is no action is reported, not ignored silently.
     */
    public static SpendingLimits from(PropertiesComponent properties) {
        Map<VasCode, Integer> limits = new EnumMap<>(VasCode.class);
        for (VasCode action : VasCode.values()) {
            for (String name : action.names()) {
                properties.resolveProperty(DAILY_LIMIT + name).filter(value -> !value.isBlank())
                        .map(value -> limit(DAILY_LIMIT + name, value))
                        .ifPresent(limit -> limits.merge(action, limit, Math::min));
            }
        }
        PropertyNames.reportUnknown(properties, DAILY_LIMIT, VasCode.allNames(), LOG,
                "names no paid action and limits nothing");
        return new SpendingLimits(decimal(properties, "bridge.vas.daily-budget"),
                decimal(properties, "bridge.vas.default-price"),
                Boolean.parseBoolean(PropertyValues.required(properties, "bridge.vas.contacts.enabled")), limits);
    }

    public Optional<Integer> dailyLimit(VasCode action) {
        return Optional.ofNullable(dailyLimits.get(action));
    }

    /** Whether a command is refused because it buys or reads contacts (or has a contact_view) while they are off. */
    public boolean refusesContacts(List<VasCode> actions, boolean contacts) {
        return !contactsEnabled && (contacts || actions.contains(VasCode.CONTACT_VIEW));
    }

    private static int limit(String key, String value) {
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new InvalidPropertyException(key, value, "a whole number of actions, 0 or more");
    }

    private static BigDecimal decimal(PropertiesComponent properties, String key) {
        return new BigDecimal(PropertyValues.required(properties, key));
    }
}
