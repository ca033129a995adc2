package ru.rabota.bridge.command;

import java.time.Duration;
import java.util.Arrays;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.properties.ByteSize;

/**
 * Binds {@code commandLimits} ({@link CommandLimits}: what a command value on any command topic, job commands
 * included, may be) and {@code kafkaCommands} ({@link KafkaCommands}), the consumer of the status, VAS, candidates
 * and backgrounds command topics, with lanes of its own: {@code bridge.commands.concurrency} commands at once, never
 * two of one topic and record key; and {@value PartitionHandover#BEAN} ({@link PartitionHandover}), with which every
 * command consumer (the job consumers too) ends its work on partitions before another instance takes them. The
 * settings are checked at start-up.
 */
public class KafkaCommandsConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.commands.concurrency")
    int concurrency;

    @PropertyInject("bridge.commands.handover-wait")
    Duration handoverWait;

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
        commandLimits();
        // every results topic and outcome from start-up, at 0
        BridgeMeters meters = context.getRegistry().lookupByNameAndType("bridgeMeters", BridgeMeters.class);
        Arrays.stream(CommandTopic.values()).forEach(topic -> Arrays.stream(CommandResult.Outcome.values())
                .forEach(outcome -> meters.commandResults(topic.results().baseName(), outcome.value())));
    }

    @BindToRegistry(value = "commandLimits", lazy = true)
    public CommandLimits commandLimits() {
        return new CommandLimits(ByteSize.parse(CommandLimits.MAX_VALUE, maxValue), maxDepth,
                ByteSize.parse(CommandLimits.MAX_FIELD, maxField));
    }

    /** Every camel-kafka consumer's subscription, so that the command consumers hand partitions over cleanly. */
    @BindToRegistry(value = PartitionHandover.BEAN, lazy = true)
    public PartitionHandover partitionHandover(CamelContext context) {
        return new PartitionHandover(context);
    }

    @BindToRegistry(value = "kafkaCommands", lazy = true)
    public KafkaCommands kafkaCommands(CamelContext context, @BeanInject("commandLimits") CommandLimits limits,
            @BeanInject("commandTransactions") CommandTransactions transactions,
            @BeanInject("deadLetters") DeadLetters deadLetters, @BeanInject("bridgeMeters") BridgeMeters meters) {
        return new KafkaCommands(context.createProducerTemplate(),
                Lanes.on(context, this, "commands", concurrency),
                transactions, deadLetters, limits, meters, Topic.prefix(context), handoverWait);
    }
}
