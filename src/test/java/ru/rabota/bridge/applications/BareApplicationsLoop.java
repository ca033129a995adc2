package ru.rabota.bridge.applications;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import ru.rabota.bridge.testing.TestKafka;
import ru.rabota.sandbox.vk.VkSimulator;

/**
 * What the applications poll costs without Camel, the yardstick of its benchmark: every page of the simulator's
 * applications read with Apache HttpClient 5 (camel-http's client), each application's event built with Jackson
 * (its candidate, experiences and their professions resolved from {@code included}) and written with a plain
 * KafkaProducer. No state, no deduplication, no transactions: the least a poll must do.
 */
final class BareApplicationsLoop {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PAGE_SIZE = 50;
    private static final int DEPTH = 3;

    private final VkSimulator vk;
    private final String topic;

    BareApplicationsLoop(VkSimulator vk, String topic) {
        this.vk = vk;
        this.topic = topic;
    }

    /** Reads the applications into the topic, page after page, up to {@code limit} of them; returns how many. */
    long run(long limit) throws IOException {
        // the token straight from the simulator: one POST /session less than the bundle makes
        String authorization = "Worki " + vk.issueToken();
        long written = 0;
        try (CloseableHttpClient http = HttpClients.custom().disableAutomaticRetries().build();
                KafkaProducer<String, String> producer = new KafkaProducer<>(TestKafka.clientConfig(),
                        new StringSerializer(), new StringSerializer())) {
            for (int page = 1; ; page++) {
                HttpGet get = new HttpGet(vk.baseUrl() + "/applications?page%5Bnumber%5D=" + page
                        + "&page%5Bsize%5D=" + PAGE_SIZE);
                get.setHeader("Authorization", authorization);
                JsonNode document = http.execute(get, answer -> MAPPER.readTree(answer.getEntity().getContent()));
                Map<String, JsonNode> included = new HashMap<>();
                document.path("included").forEach(resource -> included.put(key(resource), resource));
                for (JsonNode application : document.path("data")) {
                    if (written == limit) {
                        return written;
                    }
                    producer.send(new ProducerRecord<>(topic, "vkrabota:" + application.path("id").asText(),
                            MAPPER.writeValueAsString(resolve(application, included, DEPTH))));
                    written++;
                }
                if (document.path("data").size() < PAGE_SIZE) {
                    return written;
                }
            }
        }
    }

    /** A resource's attributes with its relationships resolved from {@code included}, {@code depth} levels deep. */
    private static ObjectNode resolve(JsonNode resource, Map<String, JsonNode> included, int depth) {
        ObjectNode record = resource.path("attributes").deepCopy();
        if (depth > 0) {
            resource.path("relationships").fields().forEachRemaining(relationship -> {
                JsonNode data = relationship.getValue().path("data");
                if (data.isArray()) {
                    data.forEach(ref -> record.withArray(relationship.getKey())
                            .add(resolveRef(ref, included, depth - 1)));
                } else {
                    record.set(relationship.getKey(), resolveRef(data, included, depth - 1));
                }
            });
        }
        return record;
    }

    private static JsonNode resolveRef(JsonNode ref, Map<String, JsonNode> included, int depth) {
        JsonNode resource = ref.isObject() ? included.get(key(ref)) : null;
        return resource == null ? MAPPER.nullNode() : resolve(resource, included, depth);
    }

    private static String key(JsonNode resource) {
        return resource.path("type").asText() + ":" + resource.path("id").asText();
    }
}
