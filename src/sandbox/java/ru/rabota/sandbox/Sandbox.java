package ru.rabota.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Service;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.kafka.Topic;
import ru.rabota.sandbox.hh.HhSimulator;
import ru.rabota.sandbox.vk.VkSimulator;

/**
 * Everything the bundle talks to, inside this process and on loopback: a Kafka broker, the VK Работа and
 * hh.ru simulators, and sample data (jobs with applications that keep arriving, negotiations, a CSV feed in
 * the inbox, a few commands on the command topics).
 */
public final class Sandbox implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final String SAMPLE_FEED = "sample-feed.csv";

    private final SandboxSettings settings;
    private KafkaBroker broker;
    private VkSimulator vk;
    private HhSimulator hh;

    private Sandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    static Sandbox start(SandboxSettings settings) throws IOException {
        Sandbox sandbox = new Sandbox(settings);
        try {
            sandbox.startAll();
        } catch (IOException | RuntimeException e) {
            sandbox.stop();
            throw e;
        }
        return sandbox;
    }

    private void startAll() throws IOException {
        broker = KafkaBroker.start(settings.kafkaPort());
        vk = new VkSimulator(settings.vkConfig()).start();
        hh = new HhSimulator(settings.hhConfig()).start();
        settings.applyFaults(vk.faults());
        settings.applyFaults(hh.faults());
        for (int i = 1; i <= 3; i++) {
            vk.state().addJob("Курьер, смена " + i, "SANDBOX-" + i);
        }
        vk.seedApplications(5);
        vk.startActivity(settings.activityInterval());
        hh.startActivity(settings.activityInterval());
        Path feed = dropSampleFeed(settings.feedInbox());
        LOG.info("Sandbox ready: Kafka {} | VK Работа {} (login {}) | hh.ru {} | feed {}", broker.bootstrapServers(),
                vk.baseUrl(), settings.vkLogin(), hh.baseUrl(), feed);
    }

    /** Copies the sample feed into the inbox, unless a copy is still waiting there. */
    private static Path dropSampleFeed(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        Path target = inbox.resolve(SAMPLE_FEED);
        if (Files.notExists(target)) {
            try (InputStream in = resource(SAMPLE_FEED)) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    /** Puts the sample commands on the command topics, once the routes listen. */
    void sendSampleCommands() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (InputStream in = resource("sample-commands.json");
                KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                        new StringSerializer())) {
            JsonNode commands = new ObjectMapper().readTree(in);
            for (JsonNode command : commands) {
                String topic = Topic.valueOf(command.path("topic").asText()).topicName(settings.topicPrefix());
                producer.send(new ProducerRecord<>(topic, command.path("key").asText(),
                        command.path("value").toString()));
            }
            producer.flush();
            LOG.info("Sandbox sent {} sample commands", commands.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Sandbox.class.getResourceAsStream("/sandbox/" + name);
        if (in == null) {
            throw new IllegalStateException("sandbox resource missing from the jar: " + name);
        }
        return in;
    }

    public VkSimulator vk() {
        return vk;
    }

    public HhSimulator hh() {
        return hh;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void start() {
        // started by start(SandboxSettings), before the Camel context
    }

    @Override
    public void stop() {
        if (vk != null) {
            vk.close();
        }
        if (hh != null) {
            hh.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
