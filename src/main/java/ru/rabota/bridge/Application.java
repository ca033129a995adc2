package ru.rabota.bridge;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.main.MainHelper;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiConfiguration;
import ru.rabota.bridge.api.ApiRetryPolicy;
import ru.rabota.bridge.applications.ApplicationsConfiguration;
import ru.rabota.bridge.applications.vk.VkApplicationsConfiguration;
import ru.rabota.bridge.backgrounds.BackgroundsConfiguration;
import ru.rabota.bridge.candidates.CandidatesConfiguration;
import ru.rabota.bridge.cluster.ClusterConfiguration;
import ru.rabota.bridge.command.KafkaCommandsConfiguration;
import ru.rabota.bridge.company.CompanyConfiguration;
import ru.rabota.bridge.feed.FeedConfiguration;
import ru.rabota.bridge.hh.HhConfiguration;
import ru.rabota.bridge.jobs.JobsConfiguration;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.KafkaOutputConfiguration;
import ru.rabota.bridge.kafka.MisconfiguredTopicException;
import ru.rabota.bridge.kafka.MisconfiguredTopicStop;
import ru.rabota.bridge.kafka.TopicBootstrap;
import ru.rabota.bridge.metrics.MetricsConfiguration;
import ru.rabota.bridge.properties.BindingFailure;
import ru.rabota.bridge.properties.EnvironmentOverrides;
import ru.rabota.bridge.properties.InvalidPropertyException;
import ru.rabota.bridge.properties.PropertyChecks;
import ru.rabota.bridge.reference.ReferenceConfiguration;
import ru.rabota.bridge.schedule.ScheduleConfiguration;
import ru.rabota.bridge.tail.TopicTail;
import ru.rabota.bridge.state.StateConfiguration;
import ru.rabota.bridge.vas.VasConfiguration;
import ru.rabota.bridge.vk.VkConfiguration;

/**
 * Runs the bundle with Camel Main. Routes and configuration ship inside the jar; a {@code routes/} or
 * {@code config/} folder in the working directory takes precedence, so a customer edits routes and
 * properties without rebuilding.
 */
public final class Application {

    /** Names one more properties file (e.g. {@code config/customers/acme.properties}) read before all others. */
    public static final String CUSTOMER_CONFIG = "bridge.config";

    private static final String ROUTES_DIR = "routes/";
    /** Where the console logs go (log4j2.properties): SYSTEM_OUT, or SYSTEM_ERR. */
    private static final String LOG_TARGET = "bridge.log.target";

    private Application() {
    }

    /**
     * The bundle's configuration classes, one per package that binds beans. Listed, not found by a package scan: in
     * the fat jar a scan reads the whole jar (70 MB), which took 5 to 11 of the start's seconds. A runtime that
     * embeds the routes names the same classes ({@code camel.main.configuration-classes}).
     */
    public static final List<Class<? extends CamelConfiguration>> CONFIGURATIONS = List.of(
            BridgeJson.class, MetricsConfiguration.class, ApiConfiguration.class, KafkaOutputConfiguration.class,
            StateConfiguration.class, KafkaCommandsConfiguration.class, ClusterConfiguration.class,
            ReferenceConfiguration.class, VkConfiguration.class, HhConfiguration.class, JobsConfiguration.class,
            FeedConfiguration.class, ApplicationsConfiguration.class, VkApplicationsConfiguration.class,
            VasConfiguration.class, CandidatesConfiguration.class, CompanyConfiguration.class,
            BackgroundsConfiguration.class, ScheduleConfiguration.class);

    /** Runs the bundle, or with the first argument {@code tail} the command {@link TopicTail} (no Camel). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && TopicTail.COMMAND.equals(args[0])) {
            // its logs (the Kafka client's warnings) on standard error: standard output holds the records alone
            System.setProperty(LOG_TARGET, "SYSTEM_ERR");
            System.exit(TopicTail.run(List.of(args).subList(1, args.length), propertyLocations(Path.of("")),
                    new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8),
                    System.err));
        }
        ClassPreload.start();
        Main main = new Main();
        configure(main.configure());
        main.setPropertyPlaceholderLocations(propertyLocations(Path.of("")));
        main.configure().withRoutesIncludePattern(routesIncludePattern(Path.of("")));
        main.addMainListener(new EnvironmentOverrides());
        main.addMainListener(new PropertyChecks());
        main.addMainListener(TopicBootstrap.beforeStart());
        System.exit(run(main, args));
    }

    /**
     * Camel Main's exit code, or 1 when the start failed: then one ERROR line says why (a malformed property, or a
     * state topic that would delete records: that line alone, naming it; one more for each other one), instead of a
     * stack trace on the console and, were a broker or a server already started, a process that never ends. A state
     * topic with partitions added, found by its load once the context runs, stops the context
     * ({@link MisconfiguredTopicStop}, which says why): 1 as well.
     */
    static int run(Main main, String[] args) {
        // taken once configured: the context's stop empties its registry
        List<MisconfiguredTopicStop> stops = new ArrayList<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                stops.addAll(configured.getCamelContext().getRegistry().findByType(MisconfiguredTopicStop.class));
            }
        });
        try {
            checkCustomerConfig();
            int code = main.run(args);
            return stopped(stops) ? 1 : code;
        } catch (Exception e) {
            if (stopped(stops)) {
                // the stop ended the start while Camel Main still started: its one line said why
                main.completed();
                return 1;
            }
            // the logger only now: the tail command sends the logs elsewhere before anything logs
            Logger log = LoggerFactory.getLogger(Application.class);
            Throwable cause = e;
            while (!(cause instanceof InvalidPropertyException || cause instanceof PropertyBindingException
                    || cause instanceof MisconfiguredTopicException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof PropertyBindingException binding) {
                // no stack trace either: Camel's messages carry the value
                log.error("Not started: {}", BindingFailure.describe(binding));
            } else if (cause instanceof InvalidPropertyException || cause instanceof MisconfiguredTopicException) {
                log.error("Not started: {}", cause.getMessage());
                for (Throwable more : cause.getSuppressed()) {
                    log.error("Not started: {}", more.getMessage());
                }
            } else {
                log.error("Not started: {}", cause.getMessage(), e);
            }
            // stopped: the JVM's exit then finds nothing to stop (Camel's hook would say "triggered by SIGTERM")
            main.completed();
            return 1;
        }
    }

    /**
     * The customer's file ({@code bridge.config}) is there to read: Camel Main's failure to load it named the path
     * alone, in a stack trace.
     */
    private static void checkCustomerConfig() {
        MainHelper.lookupPropertyFromSysOrEnv(CUSTOMER_CONFIG).filter(file -> !Files.isReadable(Path.of(file)))
                .ifPresent(file -> {
                    throw new InvalidPropertyException(CUSTOMER_CONFIG, file, "a properties file this process can read"
                            + " (working folder " + Path.of("").toAbsolutePath() + ")");
                });
    }

    /** Whether a misconfigured topic found once the context ran stopped it. */
    private static boolean stopped(List<MisconfiguredTopicStop> stops) {
        return stops.stream().anyMatch(stop -> stop.failure().isPresent());
    }

    /**
     * The bundle's beans and its Java route configuration ({@code api-retry}) on a Camel Main, without a scan. Added
     * as instances: classes would go into {@code camel.main.configuration-classes}, which a profile that names a
     * configuration of its own (the sandbox's) replaces.
     */
    public static void configure(MainConfigurationProperties main) {
        for (Class<? extends CamelConfiguration> type : CONFIGURATIONS) {
            try {
                main.addConfiguration(type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + type.getName(), e);
            }
        }
        main.addRoutesBuilder(ApiRetryPolicy.class);
    }

    /**
     * Property files, the first that defines a key wins: the customer file, the profile's file in the working
     * folder's {@code config/} and on the classpath, then the base file there and there (a profile's settings win
     * over the base file's wherever each lies). System properties and environment variables
     * ({@code BRIDGE_VK_LOGIN}) override them all.
     */
    static String propertyLocations(Path workingDir) {
        List<String> locations = new ArrayList<>();
        MainHelper.lookupPropertyFromSysOrEnv(CUSTOMER_CONFIG).ifPresent(file -> locations.add("file:" + file));
        String profile = MainHelper.lookupPropertyFromSysOrEnv("camel.main.profile").orElse(null);
        Path config = workingDir.resolve("config");
        if (profile != null) {
            locations.add("file:" + config.resolve("application-" + profile + ".properties") + ";optional=true");
            locations.add("classpath:application-" + profile + ".properties;optional=true");
        }
        locations.add("file:" + config.resolve("application.properties") + ";optional=true");
        locations.add("classpath:application.properties;optional=true");
        return String.join(",", locations);
    }

    /**
     * The working folder's {@code routes/} when it exists, else the copy inside the jar, named file by file: for a
     * wildcard Camel reads the whole jar entry by entry (the fat jar is 70 MB), twice, which cost 3 s of CPU at
     * every start; the jar's own directory lists its route files at once.
     */
    static String routesIncludePattern(Path workingDir) {
        Path routes = workingDir.resolve("routes");
        if (Files.isDirectory(routes)) {
            return "file:" + routes + "/*.camel.yaml";
        }
        URL inJar = Application.class.getClassLoader().getResource(ROUTES_DIR);
        if (inJar == null || !"jar".equals(inJar.getProtocol())) {
            return "classpath:" + ROUTES_DIR + "*.camel.yaml";
        }
        try (JarFile jar = new JarFile(Path.of(((JarURLConnection) inJar.openConnection()).getJarFileURL().toURI())
                .toFile())) {
            return jar.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith(ROUTES_DIR) && name.endsWith(".camel.yaml"))
                    .map(name -> "classpath:" + name)
                    .sorted()
                    .collect(Collectors.joining(","));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the routes in " + inJar, e);
        }
    }
}
