package ru.rabota.bridge.properties;

import java.util.Arrays;
import java.util.Optional;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * {@code bridge.topics.prefix} as Kafka takes it in a topic's name. A prefix it cannot take (a {@code /}, a space, a
 * name longer than 249 characters) started the bundle all the same: no topic was created, and each of its Kafka
 * clients logged {@code InvalidTopicException} several times a second for as long as it ran. Kafka's own check of a
 * name is the one used, on every topic of the bundle.
 */
final class TopicPrefix {

    private static final String PROPERTY = ru.rabota.bridge.kafka.Topic.PREFIX_PROPERTY;

    private TopicPrefix() {
    }

    /** The refusal of a prefix that makes some topic's name one Kafka refuses, naming that name. */
    static Optional<InvalidPropertyException> check(PropertiesComponent properties) {
        String prefix = PropertyValues.required(properties, PROPERTY);
        return Arrays.stream(ru.rabota.bridge.kafka.Topic.values()).map(topic -> topic.topicName(prefix))
                .flatMap(name -> refusal(name).stream()).findFirst()
                .map(why -> new InvalidPropertyException(PROPERTY, prefix, "a prefix Kafka can name topics with (ASCII"
                        + " letters and digits, '.', '_' and '-'; each topic's name at most 249 characters): " + why));
    }

    private static Optional<String> refusal(String topicName) {
        try {
            Topic.validate(topicName);
            return Optional.empty();
        } catch (InvalidTopicException e) {
            return Optional.of(e.getMessage());
        }
    }
}
