package ru.rabota.bridge.kafka;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.command.ByteSize;
import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.jobs.JobLanes;
import ru.rabota.bridge.jobs.JobsConfiguration;

/**
 * Binds {@code commandLimits} ({@link CommandLimits}: what a command value on any command topic, job commands
 * included, may be) and {@code kafkaCommands} ({@link KafkaCommands}), the consumer of the status, VAS, candidates
 * and backgrounds command topics, with lanes of its own: {@code bridge.commands.concurrency} commands at once, never
 * two of one topic and record key.
 */
public class KafkaCommandsConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.commands.concurrency", defaultValue = "4")
    int concurrency;

    @PropertyInject(value = CommandLimits.MAX_VALUE, defaultValue = "1MB")
    String maxValue;

    @PropertyInject(value = CommandLimits.MAX_DEPTH, defaultValue = "64")
    int maxDepth;

    @PropertyInject(value = CommandLimits.MAX_FIELD, defaultValue = "64KB")
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
                new JobLanes(context.getExecutorServiceManager().newFixedThreadPool(this, "commands", concurrency)),
                JobsConfiguration.bean(context, "commandTransactions", CommandTransactions.class),
                JobsConfiguration.bean(context, "deadLetters", DeadLetters.class), limits, Topic.prefix(context)));
    }
}
