package ru.rabota.bridge.hh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Publishes a batch of events with a plain Kafka producer (the kafka component's brokers and security), waits for
 * every acknowledgement, then records all states in one batch. Events are written first: a crash between the two
 * writes repeats those events on the next poll rather than losing them (at least once). The shared emission of the
 * VK Работа poller, which writes both in one Kafka transaction, is meant to replace this.
 */
public final class KafkaApplicationEmitter extends ServiceSupport implements ApplicationEmitter {

    /** Record header naming the event, as every output record of the contract carries it. */
    public static final String EVENT_HEADER = "bridge-event";

    private final String topic;
    private final Supplier<Map<String, Object>> clientConfig;
    private final Supplier<KafkaStateStore> state;
    private final Duration timeout;
    private KafkaProducer<String, String> producer;

    /**
     * @param topic        the applications topic with its prefix
     * @param clientConfig brokers and security, read at start (the component is configured late)
     * @param state        the {@code applicationState} store, looked up on first use
     * @param timeout      how long a batch may take to be acknowledged
     */
    public KafkaApplicationEmitter(String topic, Supplier<Map<String, Object>> clientConfig,
            Supplier<KafkaStateStore> state, Duration timeout) {
        this.topic = topic;
        this.clientConfig = clientConfig;
        this.state = state;
        this.timeout = timeout;
    }

    @Override
    public void emit(List<Emission> emissions) {
        if (emissions.isEmpty()) {
            return;
        }
        List<Future<?>> sent = emissions.stream().<Future<?>>map(emission -> {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, emission.key(),
                    emission.event().toString());
            record.headers().add(EVENT_HEADER,
                    emission.event().path("event").asText().getBytes(StandardCharsets.UTF_8));
            return producer.send(record);
        }).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> ack : sent) {
            await(ack, deadline);
        }
        // the last state per key wins, as the events were written in list order
        Map<String, String> states = new LinkedHashMap<>();
        emissions.forEach(emission -> states.put(emission.key(), emission.state()));
        state.get().putAll(states);
    }

    @Override
    protected void doStart() {
        Map<String, Object> config = new HashMap<>(clientConfig.get());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "rabota-bridge-applications");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Override
    protected void doStop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void await(Future<?> ack, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing application events", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish application events to " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("application events not acknowledged by Kafka within "
                    + timeout.toSeconds() + " s", e);
        }
    }
}
