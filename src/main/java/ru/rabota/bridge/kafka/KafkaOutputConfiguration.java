package ru.rabota.bridge.kafka;

import java.time.Duration;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.properties.ByteSize;
import ru.rabota.bridge.properties.InvalidPropertyException;

/**
 * Binds {@code kafkaOutput} ({@link KafkaOutput}), {@code deadLetters} ({@link DeadLetters}), {@code kafkaClients}
 * ({@link KafkaClients}), {@code commandTransactions} ({@link CommandTransactions}, which waits for Kafka up to
 * {@code bridge.state.timeout}) and {@code topicBootstrap} ({@link TopicBootstrap}, the topics made before the routes
 * start). A dead letter's payload ({@code bridge.dlq.max-payload}) may take at most half of a record
 * ({@code max.request.size} of the producer, and {@code max.message.bytes} of the DLQ topic the bundle creates): the
 * other half is for the key, the error and the headers. The settings are checked at start-up.
 */
public class KafkaOutputConfiguration implements CamelConfiguration {

    static final String MAX_PAYLOAD = "bridge.dlq.max-payload";

    @PropertyInject(MAX_PAYLOAD)
    String maxPayload;

    @PropertyInject("camel.component.kafka.max-request-size")
    int maxRequestSize;

    @PropertyInject("bridge.state.timeout")
    Duration timeout;

    @Override
    public void configure(CamelContext context) {
        maxPayload();
        // built now, so that their services start and stop with the context
        context.getRegistry().lookupByName("kafkaOutput");
        context.getRegistry().lookupByName("commandTransactions");
        // and so that the dead letters' meters exist from start-up
        context.getRegistry().lookupByName("deadLetters");
    }

    @BindToRegistry(value = "kafkaOutput", lazy = true)
    public KafkaOutput kafkaOutput(CamelContext context, @BeanInject("kafkaClients") KafkaClients clients)
            throws Exception {
        // the component's settings are read when the first record goes: they are applied after this runs
        KafkaOutput output = new KafkaOutput(Topic.prefix(context), () -> clients.producer(
                KafkaClientSettings.outputProducer(context, "rabota-bridge-output"), new StringSerializer(),
                new StringSerializer()));
        context.addService(output, true, false);
        return output;
    }

    @BindToRegistry(value = "deadLetters", lazy = true)
    public DeadLetters deadLetters(@BeanInject("kafkaOutput") KafkaOutput output,
            @BeanInject("bridgeMeters") BridgeMeters meters) {
        return new DeadLetters(output, maxPayload(), meters);
    }

    /** camel-kafka's client factory ({@code camel.component.kafka.kafka-client-factory}) and the bundle's own. */
    @BindToRegistry(value = "kafkaClients", lazy = true)
    public KafkaClients kafkaClients(@BeanInject("bridgeMeters") BridgeMeters meters) {
        return new KafkaClients(meters);
    }

    @BindToRegistry(value = "commandTransactions", lazy = true)
    public CommandTransactions commandTransactions(CamelContext context,
            @BeanInject("kafkaClients") KafkaClients clients) throws Exception {
        CommandTransactions transactions = new CommandTransactions(context, clients, timeout);
        context.addService(transactions, true, false);
        return transactions;
    }

    private int maxPayload() {
        int payload = ByteSize.parse(MAX_PAYLOAD, maxPayload);
        if (payload > maxRequestSize / 2) {
            // the start's one ERROR line, not a stack trace
            throw new InvalidPropertyException(MAX_PAYLOAD, maxPayload, "at most half of"
                    + " camel.component.kafka.max-request-size (" + ByteSize.format(maxRequestSize) + " bytes): a dead"
                    + " letter would not fit a record");
        }
        return payload;
    }

    /** Not lazy: it must join the context's lifecycle strategies before the context initialises. */
    @BindToRegistry("topicBootstrap")
    public TopicBootstrap topicBootstrap(CamelContext context) {
        TopicBootstrap bootstrap = new TopicBootstrap();
        bootstrap.setCamelContext(context);
        return bootstrap;
    }
}
