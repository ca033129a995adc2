package ru.rabota.bridge.api;

import java.util.Locale;

import org.apache.camel.CamelExchangeException;
import org.apache.kafka.common.KafkaException;

/**
 * Values for log lines: a payload, a body or an API's answer is cut to {@value #MAX_CHARS} characters with its length
 * named, so that no line carries one whole. Bound as {@code logText} for routes:
 * {@code ${bean:logText?method=cut(${exception.message})}}.
 */
public final class LogText {

    public static final int MAX_CHARS = 1024;

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

    /** The value's text, or its first {@value #MAX_CHARS} characters and {@code ... (2,097,152 characters)}. */
    public static String cut(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        // never half a surrogate pair
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, end) + String.format(Locale.ROOT, "... (%,d characters)", text.length());
    }
}
