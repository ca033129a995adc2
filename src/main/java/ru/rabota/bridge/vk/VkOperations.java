package ru.rabota.bridge.vk;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import ru.rabota.bridge.api.ApiHeaders;

/**
 * Calls the named VK operations of {@code routes/vk-api.camel.yaml} from Java, each on an exchange of its own, so
 * that Java flows use the same retry policy and error mapping as routes. Thread-safe.
 */
public final class VkOperations {

    private final ProducerTemplate template;

    public VkOperations(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * @param operation the route's name, e.g. {@code vk-create-job}
     * @param headers   path ids ({@link VkApi#JOB_ID}) and {@link ApiHeaders#QUERY}
     * @param body      the request body (anything Jackson writes), or null
     * @return the answer
     * @throws VkCallException when the call failed for good
     */
    public JsonNode call(String operation, Map<String, Object> headers, Object body) {
        Exchange done = template.send("direct:" + operation, exchange -> {
            exchange.getIn().setHeaders(new HashMap<>(headers));
            exchange.getIn().setBody(body);
        });
        if (done.getException() != null) {
            throw new VkCallException(operation, done.getException(), done.getProperty(ApiHeaders.ATTEMPTS, 1,
                    Integer.class));
        }
        return done.getMessage().getBody(JsonNode.class);
    }
}
