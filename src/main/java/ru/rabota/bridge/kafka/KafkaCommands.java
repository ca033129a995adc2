package ru.rabota.bridge.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.util.ObjectHelper;
import org.apache.kafka.common.KafkaException;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.jobs.JobLanes;
import ru.rabota.bridge.jobs.MalformedCommandException;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * Processes one poll of the command topics (route {@code commands-from-kafka}: camel-kafka {@code batching=true},
 * values as bytes, manual commit; bean {@code kafkaCommands}). Each record goes to its topic's handler route
 * ({@link CommandTopic}, which leaves the command result, or an array of results, as its body); commands of one topic
 * and key run in offset order, the others in parallel on lanes of their own. Each record ends as its results on the
 * topic's results topic (keyed as {@link CommandTopic#resultKey} says) or as one dead letter: at once when it cannot
 * be understood ({@link CommandLimits}, {@link MalformedCommandException}) or when Kafka refused its result, with its
 * attempts when the API failed past the retry policy. Offsets are committed once the outputs are acknowledged
 * ({@link AnsweredRecords}). Any other failure (Kafka or a state store unavailable) fails the poll after committing
 * the records answered before it: the route's {@code breakOnFirstError} reads the rest again, and a paid command
 * that had already run finds its result in the spending guard instead of paying again.
 */
public final class KafkaCommands implements Processor {

    static final String ROUTE = "commands-from-kafka";

    private final ProducerTemplate template;
    private final JobLanes lanes;
    private final KafkaOutput output;
    private final DeadLetters deadLetters;
    private final CommandLimits limits;
    private final String prefix;
    private final AnsweredRecords answers = new AnsweredRecords(ROUTE);

    /** @param prefix {@code bridge.topics.prefix} */
    public KafkaCommands(ProducerTemplate template, JobLanes lanes, KafkaOutput output, DeadLetters deadLetters,
            CommandLimits limits, String prefix) {
        this.template = template;
        this.lanes = lanes;
        this.output = output;
        this.deadLetters = deadLetters;
        this.limits = limits;
        this.prefix = prefix;
    }

    @Override
    public void process(Exchange poll) throws Exception {
        String route = poll.getFromRouteId();
        List<Message> records = AnsweredRecords.records(poll);
        answers.commitAfter(records, () -> inLanes(lanes, answers.unanswered(records), KafkaCommands::lane, record -> {
            // a command's result or dead letter is acknowledged inside handle
            handle(route, record);
            answers.answered(record);
            return CompletableFuture.completedFuture(null);
        }));
    }

    /**
     * Runs {@code handle} for every item, in list order per key and in parallel across keys on the lanes; returns
     * once all ended and their outputs were acknowledged, or throws what the first failed lane threw (its later
     * items were not started).
     */
    public static <T> void inLanes(JobLanes lanes, List<T> items, Function<T, String> key,
            Function<T, ? extends CompletionStage<?>> handle) throws Exception {
        inLanes(item -> lanes, items, key, handle);
    }

    /** The same, each item on the lanes {@code lanesOf} gives it (a lane is its lanes and key). */
    public static <T> void inLanes(Function<T, JobLanes> lanesOf, List<T> items, Function<T, String> key,
            Function<T, ? extends CompletionStage<?>> handle) throws Exception {
        Map<Map.Entry<JobLanes, String>, List<T>> byLane = new LinkedHashMap<>();
        items.forEach(item -> byLane.computeIfAbsent(Map.entry(lanesOf.apply(item), key.apply(item)),
                lane -> new ArrayList<>()).add(item));
        // a lane handles its items one after the other, then ends when all their outputs are acknowledged
        List<CompletableFuture<Void>> lanesDone = byLane.entrySet().stream()
                .map(lane -> lane.getKey().getKey().submit(lane.getKey().getValue(), () -> CompletableFuture.allOf(
                        lane.getValue().stream().map(item -> handle.apply(item).toCompletableFuture())
                                .toArray(CompletableFuture[]::new))))
                .toList();
        try {
            // get(), unlike join(), gives way when a forced stop interrupts the consumer
            CompletableFuture.allOf(lanesDone.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Kafka or a state store unavailable, or the application stopping: what a later reading may not meet. */
    private static boolean unavailable(Exchange done, Exception failure) {
        return done.getContext().isStopping()
                || ObjectHelper.getException(StateUnavailableException.class, failure) != null
                || ObjectHelper.getException(KafkaException.class, failure) != null;
    }

    private void handle(String route, Message record) {
        String key = record.getHeader(KafkaConstants.KEY, String.class);
        byte[] value = record.getBody(byte[].class);
        String topicName = record.getHeader(KafkaConstants.TOPIC, String.class);
        CommandTopic topic = CommandTopic.of(topicName, prefix)
                .orElseThrow(() -> new IllegalStateException(route + " reads " + topicName + ", which has no handler"));
        String text;
        try {
            text = limits.decode(value);
            limits.read(text, CommandJson.MAPPER.reader());
        } catch (MalformedCommandException e) {
            deadLetters.answer(record, value, e, 0, route, null);
            return;
        }
        Exchange done = template.send(topic.handler(), exchange -> {
            exchange.getIn().setHeader(KafkaConstants.KEY, key);
            exchange.getIn().setBody(text);
        });
        Exception failure = done.getException();
        if (failure == null) {
            sendResults(route, record, topic, key, value, done.getMessage().getBody(JsonNode.class));
            return;
        }
        MalformedCommandException malformed = ObjectHelper.getException(MalformedCommandException.class, failure);
        ApiException api = ObjectHelper.getException(ApiException.class, failure);
        if (malformed == null && api == null && unavailable(done, failure)) {
            // the bundle cannot go on now: the poll fails and this record is read again
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        // a malformed command, an API failure past the retries, or a defect that would fail every reading of it:
        // a dead letter, so that one record never holds the topic
        Exception cause = malformed != null ? malformed : api != null ? api : failure;
        deadLetters.answer(record, value, cause, api != null ? done.getProperty(ApiHeaders.ATTEMPTS, 1, Integer.class)
                : 0, route, requestId(text));
    }

    /** The results; when Kafka refuses one for its size, the record's dead letter instead of the rest. */
    private void sendResults(String route, Message record, CommandTopic topic, String key, byte[] value,
            JsonNode body) {
        try {
            (body.isArray() ? body.valueStream() : Stream.of(body))
                    .forEach(result -> output.send(topic.results(), topic.resultKey(result, key), result.toString(),
                            result.path("event").asText(), result.path("request_id").asText(null)));
        } catch (IllegalStateException e) {
            if (!KafkaOutput.refused(e)) {
                throw e;
            }
            deadLetters.answer(record, value, e, 0, route, body.path("request_id").asText(null));
        }
    }

    /** Commands are ordered per topic and record key. */
    private static String lane(Message record) {
        return record.getHeader(KafkaConstants.TOPIC) + "/" + record.getHeader(KafkaConstants.KEY);
    }

    /** The command's request_id for the dead letter's correlation header, when the record is JSON that has one. */
    private static String requestId(String value) {
        try {
            return CommandJson.parse(value).text("request_id");
        } catch (MalformedCommandException e) {
            return null;
        }
    }
}
