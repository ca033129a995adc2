package ru.rabota.bridge.command;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * camel-kafka's subscribe adapter (bean {@value #BEAN}, which camel-kafka looks up for each of its consumers): it
 * subscribes as camel-kafka's default adapter does, with camel-kafka's rebalance listener wrapped so that a command
 * consumer hears first of the partitions taken from it ({@link CommandAnswers#revoked}). Kafka calls that listener
 * on the consumer's own thread, in the poll where it leaves its partitions, before any other consumer of the group
 * gets them: the one moment where the consumer can still end the work it started on them. A process that stood
 * still hears of nothing until its next poll: {@link #pauses()} tells.
 */
public final class PartitionHandover implements SubscribeAdapter {

    /** camel-kafka's name for the bean. */
    public static final String BEAN = "subscribeAdapter";

    /** A consumer's handling of its records, told when partitions leave the consumer. */
    public interface Holder {
        /**
         * @param lost whether the group gave them to another consumer already (this one was out of it for longer
         *             than its session): nothing is waited for then
         */
        void revoked(Collection<TopicPartition> partitions, boolean lost);
    }

    private final CamelContext context;
    /** Per consumer (camel-kafka makes a new one when it reconnects), its holder. */
    private final Map<Consumer<?, ?>, Holder> holders = Collections.synchronizedMap(new WeakHashMap<>());
    private final ProcessPauses pauses;

    /** Starts watching for pauses of the process, on a thread the context stops. */
    public PartitionHandover(CamelContext context) {
        this.context = context;
        KafkaConfiguration kafka = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        this.pauses = new ProcessPauses(ProcessPauses.lease(Duration.ofMillis(kafka.getSessionTimeoutMs()),
                Duration.ofMillis(kafka.getHeartbeatIntervalMs())), System::nanoTime);
        ScheduledExecutorService ticks = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "process-pauses");
        long tick = ProcessPauses.TICK.toMillis();
        ticks.scheduleWithFixedDelay(pauses::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Pauses of this process long enough for the consumers' partitions to have gone elsewhere meanwhile. */
    public ProcessPauses pauses() {
        return pauses;
    }

    /** From now on, the holder hears of the partitions taken from the consumer. */
    public void hold(Consumer<?, ?> consumer, Holder holder) {
        holders.putIfAbsent(consumer, holder);
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener, TopicInfo topics) {
        boolean mustExist = context.getComponent("kafka", KafkaComponent.class).isSubscribeConsumerTopicMustExists();
        new DefaultSubscribeAdapter(topics.isPattern() ? topics.getPattern().pattern()
                : String.join(",", topics.getTopics()), mustExist).subscribe(consumer, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        tell(consumer, partitions, false);
                        listener.onPartitionsRevoked(partitions);
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        tell(consumer, partitions, true);
                        listener.onPartitionsLost(partitions);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        listener.onPartitionsAssigned(partitions);
                    }
                }, topics);
    }

    private void tell(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, boolean lost) {
        Holder holder = holders.get(consumer);
        if (holder != null && !partitions.isEmpty()) {
            holder.revoked(partitions, lost);
        }
    }
}
