package ru.rabota.bridge.command;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.util.ObjectHelper;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * Processes one poll of the command topics (route {@code commands-from-kafka}: camel-kafka {@code batching=true},
 * values as bytes, manual commit; bean {@code kafkaCommands}). Each record goes to its topic's handler route
 * ({@link CommandTopic}, which leaves the command result, or an array of results, as its body); commands of one topic
 * and key run in offset order, the others in parallel on lanes of their own. Each record ends as its results on the
 * topic's results topic (keyed as {@link CommandTopic#resultKey} says) or as one dead letter: at once when it cannot
 * be understood ({@link CommandLimits}, {@link MalformedCommandException}) or when Kafka refused its result, with its
 * attempts when the API failed past the retry policy. The answers go out with the consumer's offsets in one Kafka
 * transaction ({@link CommandAnswers}), so a record is answered once, also across a Kafka outage or a crash. Any
 * other failure (Kafka or a state store unavailable) fails the poll after writing the records answered before it:
 * the route's {@code breakOnFirstError} reads the rest again, and a paid command that had already run (a crash before
 * its answer was written) finds its result in the spending guard instead of paying again.
 */
public final class KafkaCommands implements Processor {

    private final ProducerTemplate template;
    private final Lanes lanes;
    private final DeadLetters deadLetters;
    private final CommandLimits limits;
    private final BridgeMeters meters;
    private final String prefix;
    private final CommandAnswers answers;
    /** Each topic's handler, resolved once: a template resolves a URI given as text at every send. */
    private final Map<CommandTopic, Endpoint> handlers = new EnumMap<>(CommandTopic.class);

    /**
     * @param prefix       {@code bridge.topics.prefix}
     * @param handoverWait {@code bridge.commands.handover-wait}
     */
    public KafkaCommands(ProducerTemplate template, Lanes lanes, CommandTransactions transactions,
            DeadLetters deadLetters, CommandLimits limits, BridgeMeters meters, String prefix, Duration handoverWait) {
        this.template = template;
        this.lanes = lanes;
        // nothing to catch up: a paid command's guard reads its store to the end before it admits one
        this.answers = new CommandAnswers(transactions, () -> { }, handoverWait);
        this.deadLetters = deadLetters;
        this.limits = limits;
        this.meters = meters;
        this.prefix = prefix;
        for (CommandTopic topic : CommandTopic.values()) {
            handlers.put(topic, template.getCamelContext().getEndpoint(topic.handler()));
        }
    }

    @Override
    public void process(Exchange poll) throws Exception {
        String route = poll.getFromRouteId();
        List<Message> records = CommandAnswers.records(poll);
        answers.commitAfter(route, records, () -> lanes.submitAll(answers.unanswered(records), KafkaCommands::lane,
                record -> {
                    answers.handle(record, () -> handle(route, record));
                    return CompletableFuture.completedFuture(null);
                }));
    }

    /** Handles the record and leaves its answer: its results, or its dead letter. */
    private void handle(String route, Message record) {
        String key = record.getHeader(KafkaConstants.KEY, String.class);
        byte[] value = record.getBody(byte[].class);
        String topicName = record.getHeader(KafkaConstants.TOPIC, String.class);
        CommandTopic topic = CommandTopic.of(topicName, prefix)
                .orElseThrow(() -> new IllegalStateException(route + " reads " + topicName + ", which has no handler"));
        String text;
        try {
            text = limits.decode(value);
            limits.read(text, CommandJson.READER);
        } catch (MalformedCommandException e) {
            deadLetter(route, record, value, e, 0, CommandJson.requestId(value));
            return;
        }
        Exchange done = template.send(handlers.get(topic), exchange -> {
            exchange.getIn().setHeader(KafkaConstants.KEY, key);
            exchange.getIn().setBody(text);
            exchange.setProperty(ApiHeaders.HANDED_OVER, answers.handedOver(record));
        });
        Exception failure = done.getException();
        if (failure == null) {
            JsonNode body = done.getMessage().getBody(JsonNode.class);
            String requestId = body.path("request_id").asText(null);
            answers.answered(record, (body.isArray() ? body.valueStream() : Stream.of(body))
                    .map(result -> CommandResult.record(topic.results(), topic.resultKey(result, key), result,
                            result.path("request_id").asText(null), meters))
                    .toList(), refusal -> deadLetters.letter(record, value, refusal, 0, route, requestId));
            return;
        }
        MalformedCommandException malformed = ObjectHelper.getException(MalformedCommandException.class, failure);
        ApiException api = ApiException.in(failure);
        if (malformed == null && (api == null || api.retryable()) && Unavailable.now(done.getContext(), failure)) {
            // the bundle cannot go on now (a stop ends the wait for an API that fails transiently too, and that is
            // no answer of the API's): the poll fails and this record is read again
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        if (ApiHeaders.handedOver(done)) {
            // another instance has its partition now (a paid command: the lead), and carries it out
            throw new HandedOverException(topicName + " " + key, failure);
        }
        // a malformed command, an API failure past the retries, or a defect that would fail every reading of it:
        // a dead letter, so that one record never holds the topic
        Exception cause = malformed != null ? malformed : api != null ? api : failure;
        deadLetter(route, record, value, cause, api != null ? done.getProperty(ApiHeaders.ATTEMPTS, 1, Integer.class)
                : 0, CommandJson.requestId(value));
    }

    private void deadLetter(String route, Message record, byte[] value, Exception cause, int attempts,
            String requestId) {
        answers.answered(record, List.of(deadLetters.letter(record, value, cause, attempts, route, requestId)), null);
    }

    /** Commands are ordered per topic and record key. */
    private static String lane(Message record) {
        return record.getHeader(KafkaConstants.TOPIC) + "/" + record.getHeader(KafkaConstants.KEY);
    }
}
