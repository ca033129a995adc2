package ru.rabota.bridge.company;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.properties.PropertyKind;
import ru.rabota.bridge.properties.PropertyNames;

/**
 * The thresholds of the company poll: {@code bridge.company.alert.balance} (roubles) and
 * {@code bridge.company.alert.<limit attribute>} (units left, e.g. {@code otvas_jobs_limit}). A threshold is
 * crossed when the value is at or below it. The document names some limits two ways (NOTES.md:
 * {@code otvas_elevation_3d_limit} vs {@code otvas_elevations_3d_limit}, {@code views_limit} vs
 * {@code otvas_views_limit}): either name configures the limit, and the company's attribute is read under both.
 *
 * @param thresholds by configured name
 */
public record CompanyAlerts(Map<String, BigDecimal> thresholds) {

    public static final String PREFIX = "bridge.company.alert.";
    public static final String BALANCE = "balance";

    /** The limit attributes of the model and of the examples, each with its other spelling (or null). */
    static final Map<String, String> ATTRIBUTES = attributes();

    private static final Logger LOG = LoggerFactory.getLogger(CompanyAlerts.class);
    private static final BigDecimal KOPECKS_PER_ROUBLE = BigDecimal.valueOf(100);

    public CompanyAlerts {
        thresholds = new LinkedHashMap<>(thresholds);
    }

    /**
     * Reads every known name (so system properties and environment variables count) and reports unknown ones.
     *
     * @throws InvalidPropertyException naming the property and its value when a threshold is no number
     */
    public static CompanyAlerts from(PropertiesComponent properties) {
        Map<String, BigDecimal> thresholds = new LinkedHashMap<>();
        for (String name : ATTRIBUTES.keySet()) {
            properties.resolveProperty(PREFIX + name).filter(value -> !value.isBlank())
                    .ifPresent(value -> thresholds.put(name, threshold(PREFIX + name, value)));
        }
        PropertyNames.reportUnknown(properties, PREFIX, ATTRIBUTES.keySet(), LOG,
                "names no company attribute and alerts nothing");
        return new CompanyAlerts(thresholds);
    }

    private static BigDecimal threshold(String property, String value) {
        PropertyKind.NUMBER.check(property, value);
        return new BigDecimal(value.strip());
    }

    /**
     * The value a threshold watches: the balance in roubles (the API gives kopecks as a decimal string,
     * {@code "67500.0"}), or a limit under either of its names; empty when the company has no such attribute.
     */
    public static Optional<BigDecimal> value(JsonNode company, String name) {
        if (BALANCE.equals(name)) {
            return number(company.path(BALANCE)).map(kopecks -> kopecks.divide(KOPECKS_PER_ROUBLE).stripTrailingZeros());
        }
        return number(company.path(name)).or(() -> Optional.ofNullable(ATTRIBUTES.get(name))
                .flatMap(other -> number(company.path(other))));
    }

    private static Optional<BigDecimal> number(JsonNode value) {
        if (value.isNumber()) {
            return Optional.of(value.decimalValue());
        }
        try {
            return value.isTextual() ? Optional.of(new BigDecimal(value.asText().trim())) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> attributes() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(BALANCE, null);
        List.of("otvas_jobs_limit", "otvas_super_jobs_limit", "otvas_ultra_jobs_limit", "otvas_refreshes_limit",
                "otvas_highlights_limit", "otvas_elevations_plus_limit", "otvas_user_limit")
                .forEach(name -> names.put(name, null));
        pair(names, "otvas_elevation_3d_limit", "otvas_elevations_3d_limit");
        pair(names, "otvas_elevation_1d_limit", "otvas_elevations_1d_limit");
        pair(names, "views_limit", "otvas_views_limit");
        return Collections.unmodifiableMap(names);
    }

    private static void pair(Map<String, String> names, String model, String example) {
        names.put(model, example);
        names.put(example, model);
    }
}
