package ru.rabota.bridge.kafka;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** Binds {@code kafkaOutput} ({@link KafkaOutput}) and {@code deadLetters} ({@link DeadLetters}). */
public class KafkaOutputConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        ProducerTemplate template = context.createProducerTemplate();
        context.addService(template, true, false);
        KafkaOutput output = new KafkaOutput(template, Topic.prefix(context));
        context.getRegistry().bind("kafkaOutput", output);
        context.getRegistry().bind("deadLetters", new DeadLetters(output));
    }
}
