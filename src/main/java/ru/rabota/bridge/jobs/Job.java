package ru.rabota.bridge.jobs;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code job} of a job command: the API's job attributes. Numbers are {@link BigDecimal} so that the validator,
 * not the parser, judges {@code 50000.5} as a salary, and coordinates keep every digit sent. Attributes the
 * bundle does not know ({@code has_autoreply}, ...) are kept in {@code other} and sent to the API unchanged.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(String title, String description, BigDecimal lat, @JsonProperty("long") BigDecimal longitude,
        String address, BigDecimal salaryFrom, BigDecimal salaryTo, String salaryPeriod, String contactPhone,
        Boolean remote, Boolean autoRenew, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public Job {
        other = other == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }
}
