package ru.rabota.bridge.reference;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

import ru.rabota.bridge.kafka.BridgeHeaders;

/**
 * Bound as {@code referenceRecord}: turns one reference record (body) of the type named by the header
 * {@value #TYPE} into the record for {@code rabota.reference}: key {@code <type>:<id>}, header
 * {@value BridgeHeaders#EVENT} {@code reference.<type>}, the record's JSON as value. The exchange's other headers (the API
 * call's, the route's) are dropped, because camel-kafka would copy them into the record.
 */
public class ReferenceRecord implements Processor {

    /** Header: the {@link ReferenceType} being refreshed. */
    public static final String TYPE = "bridgeReferenceType";

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        ReferenceType type = message.getHeader(TYPE, ReferenceType.class);
        JsonNode record = message.getBody(JsonNode.class);
        message.removeHeaders("*");
        message.setHeader(KafkaConstants.KEY, type.key(record));
        message.setHeader(BridgeHeaders.EVENT, type.event());
        message.setBody(record.toString());
    }
}
