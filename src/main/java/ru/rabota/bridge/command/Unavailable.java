package ru.rabota.bridge.command;

import org.apache.camel.CamelContext;
import org.apache.camel.util.ObjectHelper;
import org.apache.kafka.common.KafkaException;

import ru.rabota.bridge.state.StateUnavailableException;

/**
 * Whether a command's failure is the bundle's circumstances, not the command's: Kafka or a state unavailable (not
 * loaded yet, as the profession list before VK Работа answered), or the application stopping. Such a command is read
 * again later, and a later reading may not meet the failure; any other failure (a record the bundle cannot read, a
 * defect) would fail every reading of it, and its command becomes a dead letter, so that it never holds the ones
 * after it.
 */
public final class Unavailable {

    private Unavailable() {
    }

    public static boolean now(CamelContext context, Throwable failure) {
        return context.isStopping()
                || ObjectHelper.getException(StateUnavailableException.class, failure) != null
                || ObjectHelper.getException(KafkaException.class, failure) != null;
    }
}
