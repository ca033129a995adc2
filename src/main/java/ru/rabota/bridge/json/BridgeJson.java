package ru.rabota.bridge.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * The bundle's one {@link ObjectMapper}, bound as {@code bridgeJson}: Camel's jackson type converters (a body as
 * {@code JsonNode}) use it, being the only one in the registry, and every reader or writer of the bundle derives from
 * it ({@code MAPPER.reader().with(...)}), as code that no bean reaches takes it from here. The types carry their own
 * Jackson annotations, so it needs no other setting than this: a decimal read into a tree keeps the digits it was
 * written with (55.350 stays 55.350, not 55.35 or 5.535E+1), so job attributes reach the API as the customer wrote
 * them. Only decimals read as {@code BigDecimal} into a tree are concerned, which the job flow alone asks for.
 */
public class BridgeJson implements CamelConfiguration {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @BindToRegistry(value = "bridgeJson", lazy = true)
    public ObjectMapper bridgeJson() {
        return MAPPER;
    }
}
