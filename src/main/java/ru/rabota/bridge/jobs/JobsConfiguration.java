package ru.rabota.bridge.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.command.Lanes;
import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the job flow: {@code jobLanes} ({@code bridge.jobs.concurrency} threads, shared by Kafka commands and feed
 * rows), {@code jobState}'s typed views {@code jobRecords} (VK Работа) and {@code hhJobRecords}, the steps of the
 * job routes {@code jobFlow} (routes/jobs.camel.yaml) and {@code vkJobs} (routes/jobs-vk.camel.yaml; hh.ru's
 * {@code hhJobs} is bound with the hh.ru side), {@code jobBoards}, {@code jobEvents}, and {@code kafkaJobCommands}
 * and {@code kafkaHhJobCommands}, the processors of routes {@code jobs-from-kafka} and {@code jobs-from-kafka-hh}
 * (one consumer per board). Beans are built on first lookup, when the beans they use (bound by other configurations)
 * are there. The profession directory is the bean named {@code professions}, else the only {@link Professions} bean,
 * looked up when the first command needs it.
 */
public class JobsConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.jobs.concurrency", defaultValue = "8")
    int concurrency;
    @PropertyInject(value = "bridge.jobs.boards", defaultValue = "vkrabota")
    String defaultBoards;

    @Override
    public void configure(CamelContext context) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("bridge.jobs.concurrency must be at least 1, not " + concurrency);
        }
        List<Board> defaults = boards(defaultBoards);
        Registry registry = context.getRegistry();
        registry.bind("jobLanes", Lanes.class, () -> new Lanes(
                context.getExecutorServiceManager().newFixedThreadPool(this, "jobs", concurrency)));
        registry.bind("jobRecords", JobState.class, () -> new JobState(
                CamelContextHelper.mandatoryLookup(context, "jobState", KafkaStateStore.class), Board.VKRABOTA));
        registry.bind("hhJobRecords", JobState.class, () -> new JobState(
                CamelContextHelper.mandatoryLookup(context, "jobState", KafkaStateStore.class), Board.HH));
        registry.bind("jobEvents", JobEvents.class, () -> new JobEvents(
                CamelContextHelper.mandatoryLookup(context, "kafkaOutput", KafkaOutput.class)));
        registry.bind("vkJobs", VkJobSteps.class, () -> new VkJobSteps(professions(context),
                CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class)));
        registry.bind("jobFlow", JobFlow.class, () -> new JobFlow(Map.of(
                Board.VKRABOTA, () -> CamelContextHelper.mandatoryLookup(context, "vkJobs", BoardSteps.class),
                Board.HH, () -> CamelContextHelper.mandatoryLookup(context, "hhJobs", BoardSteps.class))));
        // each board on lanes of its own: one board down never holds another's threads
        registry.bind("jobBoards", JobBoards.class, () -> new JobBoards(defaults,
                Map.of(Board.VKRABOTA, () -> CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class),
                        Board.HH, () -> CamelContextHelper.mandatoryLookup(context, "hhJobRecords", JobState.class)),
                Map.of(Board.VKRABOTA, CamelContextHelper.mandatoryLookup(context, "jobLanes", Lanes.class),
                        Board.HH, new Lanes(context.getExecutorServiceManager().newFixedThreadPool(this, "jobs-hh",
                                concurrency))),
                template(context)));
        // a consumer per board: a poll ends when its commands did, so a board down holds only its own consumer
        registry.bind("kafkaJobCommands", KafkaJobCommands.class, () -> kafkaJobCommands(context, Board.VKRABOTA, true));
        registry.bind("kafkaHhJobCommands", KafkaJobCommands.class, () -> kafkaJobCommands(context, Board.HH, false));
    }

    private static KafkaJobCommands kafkaJobCommands(CamelContext context, Board board, boolean primary) {
        return new KafkaJobCommands(board, primary,
                CamelContextHelper.mandatoryLookup(context, "jobBoards", JobBoards.class),
                CamelContextHelper.mandatoryLookup(context, "jobEvents", JobEvents.class),
                CamelContextHelper.mandatoryLookup(context, "deadLetters", DeadLetters.class),
                CamelContextHelper.mandatoryLookup(context, "commandLimits", CommandLimits.class),
                CamelContextHelper.mandatoryLookup(context, "commandTransactions", CommandTransactions.class));
    }

    private static ProducerTemplate template(CamelContext context) {
        ProducerTemplate template = context.createProducerTemplate();
        try {
            context.addService(template, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the job flow's producer template", e);
        }
        return template;
    }

    /** {@code bridge.jobs.boards}: comma-separated board ids. */
    static List<Board> boards(String ids) {
        List<Board> boards = Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .map(id -> Board.of(id).orElseThrow(() -> new IllegalArgumentException(
                        "bridge.jobs.boards: \"" + id + "\" is none of " + Board.IDS)))
                .distinct().toList();
        if (boards.isEmpty()) {
            throw new IllegalArgumentException("bridge.jobs.boards names no board; one or more of " + Board.IDS);
        }
        return boards;
    }

    private static Supplier<Professions> professions(CamelContext context) {
        AtomicReference<Professions> found = new AtomicReference<>();
        return () -> found.updateAndGet(known -> known != null ? known : lookUpProfessions(context));
    }

    private static Professions lookUpProfessions(CamelContext context) {
        Professions named = context.getRegistry().lookupByNameAndType("professions", Professions.class);
        if (named != null) {
            return named;
        }
        Professions single = context.getRegistry().findSingleByType(Professions.class);
        if (single == null) {
            throw new IllegalStateException("no profession directory: bind one Professions bean, named 'professions'");
        }
        return single;
    }
}
