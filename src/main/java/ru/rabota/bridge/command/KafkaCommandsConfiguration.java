package ru.rabota.bridge.command;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.properties.ByteSize;

/**
 * Binds {@code commandLimits} ({@link CommandLimits}: what a command value on any command topic, job commands
 * included, may be) and {@code kafkaCommands} ({@link KafkaCommands}), the consumer of the status, VAS, candidates
 * and backgrounds command topics, with lanes of its own: {@code bridge.commands.concurrency} commands at once, never
 * two of one topic and record key.
 */
public class KafkaCommandsConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.commands.concurrency")
    int concurrency;

    @PropertyInject(CommandLimits.MAX_VALUE)
    String maxValue;

    @PropertyInject(CommandLimits.MAX_DEPTH)
    int maxDepth;

    @PropertyInject(CommandLimits.MAX_FIELD)
    String maxField;

    @Override
    public void configure(CamelContext context) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("bridge.commands.concurrency must be at least 1, not " + concurrency);
        }
        CommandLimits limits = new CommandLimits(ByteSize.parse(CommandLimits.MAX_VALUE, maxValue), maxDepth,
                ByteSize.parse(CommandLimits.MAX_FIELD, maxField));
        context.getRegistry().bind("commandLimits", limits);
        context.getRegistry().bind("kafkaCommands", KafkaCommands.class, () -> new KafkaCommands(
                context.createProducerTemplate(),
                new Lanes(context.getExecutorServiceManager().newFixedThreadPool(this, "commands", concurrency)),
                CamelContextHelper.mandatoryLookup(context, "commandTransactions", CommandTransactions.class),
                CamelContextHelper.mandatoryLookup(context, "deadLetters", DeadLetters.class), limits,
                Topic.prefix(context)));
    }
}
