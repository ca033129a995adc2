package ru.rabota.bridge;

import java.io.StringWriter;
import java.util.Arrays;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Collects what the application logs (with stack traces) while it is open, to check what people would read. */
public final class LogCapture implements AutoCloseable {

    private final StringWriter out = new StringWriter();
    private final WriterAppender appender;
    private final LoggerConfig root;
    /** A logger this set to DEBUG while it is open, or null. */
    private String debugOf;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder()
                .setName("capture-" + System.nanoTime())
                .setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger %msg%n%throwable").build())
                .build();
        appender.start();
        root = context.getConfiguration().getRootLogger();
        root.addAppender(appender, null, null);
        context.updateLoggers();
    }

    /** Also collects the DEBUG lines of {@code logger}'s class until it is closed (INFO again then). */
    public static LogCapture withDebugOf(Class<?> logger) {
        LogCapture capture = new LogCapture();
        capture.debugOf = logger.getName();
        Configurator.setLevel(capture.debugOf, Level.DEBUG);
        return capture;
    }

    public String text() {
        return out.toString();
    }

    /** Lines at the given level that contain the text. */
    public long lines(String level, String containing) {
        return Arrays.stream(text().split("\n")).filter(l -> l.startsWith(level + " ") && l.contains(containing)).count();
    }

    /**
     * Lines at the given level that contain the text, leaving out the Kafka clients' own (a producer "retrying" a
     * send while the test broker is busy is the client's business, not a line the bridge wrote) and the in-process
     * broker's (loggers {@code kafka.*}: "heartbeat request ... REQUEST_TIMED_OUT" on a loaded machine).
     */
    public long bridgeLines(String level, String containing) {
        return Arrays.stream(text().split("\n")).filter(l -> l.startsWith(level + " ")
                && !l.startsWith(level + " org.apache.kafka.") && !l.startsWith(level + " kafka.")
                && l.contains(containing)).count();
    }

    /**
     * ERROR lines except the Kafka clients' own complaints when a stop interrupts their close ("Failed to close
     * fetcher", "Interrupted while joining ioThread"): timing noise of the shutdown, not an outcome of the bridge.
     */
    public long errorsExceptKafkaClientShutdown() {
        return Arrays.stream(text().split("\n")).filter(l -> l.startsWith("ERROR ")
                && !l.startsWith("ERROR org.apache.kafka.") && !l.contains("Error closing the Kafka consumer")).count();
    }

    @Override
    public void close() {
        if (debugOf != null) {
            Configurator.setLevel(debugOf, Level.INFO);
        }
        root.removeAppender(appender.getName());
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        appender.stop();
    }
}
