package ru.rabota.bridge.schedule;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.LoggingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.ExchangeExceptionHandler;

/**
 * The exception handler of a timed flow's consumer: what a run did not handle itself is Camel's WARN line with its
 * stack trace, as before, but a DEBUG line while the application stops. A stop ends runs under way (a state store's
 * load interrupted, an executor shut), and each was a WARN with a stack trace of some fifty lines at every stop while
 * Kafka was away: the stop is no failure to tell of, and the next start runs the flow again.
 */
final class QuietWhileStopping implements ExchangeExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QuietWhileStopping.class);

    private final CamelContext context;
    private final LoggingExceptionHandler logging;

    QuietWhileStopping(CamelContext context, Class<?> owner) {
        this.context = context;
        this.logging = new LoggingExceptionHandler(context, owner);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (context.isStopping() || context.isStopped()) {
            LOG.debug("A timed run ended by the stop: {}", exception.toString());
        } else {
            logging.handleException(message, exchange, exception);
        }
    }
}
