package ru.rabota.bridge.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The mapper of this package; the types carry their own Jackson annotations, so any mapper reads and writes them alike. */
final class Json {

    // numbers reach the API as the customer wrote them (55.350 stays 55.350, not 55.35 or 5.535E+1)
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }
}
