package ru.rabota.bridge.log;

import java.util.Locale;

import org.apache.camel.CamelExchangeException;
import org.apache.kafka.common.KafkaException;

/**
 * Values for log lines: a payload, a body or an API's answer is cut to {@value #MAX_CHARS} characters with its length
 * named, so that no line carries one whole.
 */
public final class LogText {

    public static final int MAX_CHARS = 1024;
    /**
     * The most characters of a result's or an event's {@code detail}: a rule cuts the value it names, and this bounds
     * the rest (a value that some rule names whole, an API's long list of errors).
     */
    public static final int DETAIL_MAX_CHARS = 4096;

    private LogText() {
    }

    /**
     * Why something failed, for a log line: the message of the failure itself, not of the wrappers Camel's splitter
     * and multicast put around it (their text names Camel's internals), cut as {@link #cut} does. A Kafka client that
     * could not be made says so alone ("Failed to construct kafka consumer"): its cause follows.
     */
    public static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        if (cause instanceof KafkaException && cause.getCause() != null && cause.getCause().getMessage() != null
                && !message.contains(cause.getCause().getMessage())) {
            message += ": " + cause.getCause().getMessage();
        }
        return cut(message);
    }

    /**
     * The value's text, or its first {@value #MAX_CHARS} characters and {@code ... (2,097,152 characters)}; a line
     * break in it written {@code \n} (and {@code \r}): a record key from outside could forge a log line of its own in a
     * host whose log pattern does not escape them, as the fat jar's does.
     */
    public static String cut(Object value) {
        return cut(String.valueOf(value), MAX_CHARS).replace("\r", "\\r").replace("\n", "\\n");
    }

    /** A result's or an event's detail, cut at {@value #DETAIL_MAX_CHARS} characters as {@link #cut} does; null stays. */
    public static String detail(String detail) {
        return detail == null ? null : cut(detail, DETAIL_MAX_CHARS);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        // never half a surrogate pair
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + String.format(Locale.ROOT, "... (%,d characters)", text.length());
    }
}
