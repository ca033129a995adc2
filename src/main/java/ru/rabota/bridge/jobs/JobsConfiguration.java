package ru.rabota.bridge.jobs;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.command.CommandLimits;
import ru.rabota.bridge.command.Lanes;
import ru.rabota.bridge.kafka.CommandTransactions;
import ru.rabota.bridge.kafka.DeadLetters;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the job flow: {@code jobLanes} (twice {@code bridge.jobs.concurrency} threads, shared by Kafka commands and
 * feed rows), {@code jobState}'s typed views {@code jobRecords} (VK Работа) and {@code hhJobRecords}, the steps of the
 * job routes {@code jobFlow} (routes/jobs.camel.yaml) and {@code vkJobs} (routes/jobs-vk.camel.yaml; hh.ru's
 * {@code hhJobs} is bound with the hh.ru side), {@code jobBoards}, {@code jobEvents}, and {@code kafkaJobCommands}
 * and {@code kafkaHhJobCommands}, the processors of routes {@code jobs-from-kafka} and {@code jobs-from-kafka-hh}
 * (one consumer per board). A board's steps are looked up when its first command fails. The profession directory is
 * the bean named {@code professions}, else the only {@link Professions} bean, looked up when the first command needs
 * it.
 */
public class JobsConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.commands.handover-wait")
    Duration handoverWait;

    @PropertyInject("bridge.jobs.concurrency")
    int concurrency;
    @PropertyInject("bridge.jobs.boards")
    String defaultBoards;

    /** The settings, checked at start-up. */
    @Override
    public void configure(CamelContext context) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("bridge.jobs.concurrency must be at least 1, not " + concurrency);
        }
        boards(defaultBoards);
        // built now, so that its meters exist from start-up
        context.getRegistry().lookupByName("jobEvents");
    }

    /**
     * Twice the calls a board's API may have in flight ({@code bridge.jobs.concurrency}, held by its
     * {@code ApiLimiter}): while one job waits for its state to be written, another one's call goes out.
     */
    private int lanes() {
        return 2 * concurrency;
    }

    @BindToRegistry(value = "jobLanes", lazy = true)
    public Lanes jobLanes(CamelContext context) {
        return Lanes.on(context, this, "jobs", lanes());
    }

    @BindToRegistry(value = "jobRecords", lazy = true)
    public JobState jobRecords(@BeanInject("jobState") KafkaStateStore store) {
        return new JobState(store, Board.VKRABOTA);
    }

    @BindToRegistry(value = "hhJobRecords", lazy = true)
    public JobState hhJobRecords(@BeanInject("jobState") KafkaStateStore store) {
        return new JobState(store, Board.HH);
    }

    @BindToRegistry(value = "jobEvents", lazy = true)
    public JobEvents jobEvents(@BeanInject("kafkaOutput") KafkaOutput output,
            @BeanInject("bridgeMeters") BridgeMeters meters) {
        return new JobEvents(output, meters);
    }

    /** The steps of route vk-job. */
    @BindToRegistry(value = "vkJobs", lazy = true)
    public VkJobSteps vkJobs(CamelContext context, @BeanInject("jobRecords") JobState records) {
        return new VkJobSteps(professions(context), records);
    }

    /** The shared steps of route job-command; each board's steps are looked up when its first call fails. */
    @BindToRegistry(value = "jobFlow", lazy = true)
    public JobFlow jobFlow(CamelContext context) {
        return new JobFlow(boardSteps(context));
    }

    /** Each board on lanes of its own: one board down never holds another's threads. */
    @BindToRegistry(value = "jobBoards", lazy = true)
    public JobBoards jobBoards(CamelContext context, @BeanInject("jobLanes") Lanes vkLanes,
            @BeanInject("jobRecords") JobState vkRecords, @BeanInject("hhJobRecords") JobState hhRecords)
            throws Exception {
        ProducerTemplate template = context.createProducerTemplate();
        context.addService(template, true, false);
        return new JobBoards(boards(defaultBoards), Map.of(Board.VKRABOTA, vkRecords, Board.HH, hhRecords),
                Map.of(Board.VKRABOTA, vkLanes,
                        Board.HH, Lanes.on(context, this, "jobs-hh", lanes())),
                boardSteps(context), template);
    }

    /** A consumer per board: a poll ends when its commands did, so a board down holds only its own consumer. */
    @BindToRegistry(value = "kafkaJobCommands", lazy = true)
    public KafkaJobCommands kafkaJobCommands(@BeanInject("jobBoards") JobBoards boards,
            @BeanInject("jobEvents") JobEvents events, @BeanInject("deadLetters") DeadLetters deadLetters,
            @BeanInject("commandLimits") CommandLimits limits,
            @BeanInject("commandTransactions") CommandTransactions transactions) {
        return new KafkaJobCommands(Board.VKRABOTA, true, boards, events, deadLetters, limits, transactions,
                handoverWait);
    }

    @BindToRegistry(value = "kafkaHhJobCommands", lazy = true)
    public KafkaJobCommands kafkaHhJobCommands(@BeanInject("kafkaJobCommands") KafkaJobCommands primary) {
        return primary.forBoard(Board.HH);
    }

    /**
     * {@code bridge.jobs.boards}: comma-separated board ids.
     *
     * @throws InvalidPropertyException naming the value (the start's one ERROR line, not a stack trace)
     */
    static List<Board> boards(String ids) {
        List<Optional<Board>> named = Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .map(Board::of).toList();
        if (named.isEmpty() || named.contains(Optional.empty())) {
            throw new InvalidPropertyException("bridge.jobs.boards", ids, "a comma-separated list of the boards "
                    + String.join(" and ", Board.IDS));
        }
        return named.stream().map(Optional::get).distinct().toList();
    }

    /** Each board's steps, looked up once, on first use (hh.ru's are in its own configuration). */
    private static Map<Board, Supplier<BoardSteps>> boardSteps(CamelContext context) {
        return Map.of(
                Board.VKRABOTA, once(() -> CamelContextHelper.mandatoryLookup(context, "vkJobs", BoardSteps.class)),
                Board.HH, once(() -> CamelContextHelper.mandatoryLookup(context, "hhJobs", BoardSteps.class)));
    }

    private static Supplier<Professions> professions(CamelContext context) {
        return once(() -> lookUpProfessions(context));
    }

    /** The value {@code lookUp} gives first, kept. */
    private static <T> Supplier<T> once(Supplier<T> lookUp) {
        AtomicReference<T> found = new AtomicReference<>();
        return () -> found.updateAndGet(known -> known != null ? known : lookUp.get());
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
