package ru.rabota.bridge.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.log.LogText;

/**
 * The one retry policy of all API calls, route configuration {@value #ID} of the named operations: Camel's error
 * handler redelivers a failed attempt (the step {@code to: direct:vk-call}, {@code direct:hh-call}, whose routes have
 * no error handler of their own) while the {@link ApiException} is {@link ApiException#retryable() retryable} (transient: no answer,
 * 408, 429, 5xx), by default for as long as it takes, since a transient failure is never a reason to give a command
 * up; {@code bridge.retry.give-up-after} (a duration from the first attempt) and {@code bridge.retry.max-attempts}
 * restore a bound for those who prefer dead letters. The wait is the API's {@code Retry-After} (at most
 * {@code bridge.retry.retry-after-cap}), else an exponential backoff with jitter. A call marked
 * {@link ApiHeaders#RETRIES} {@code unsent} (one that spends money) is repeated only when the request cannot have
 * been acted on ({@link ApiException#unsent()}). The exception is not handled: when retries end it reaches the calling
 * route, which says in one line why its work failed, and the exchange property {@link ApiHeaders#ATTEMPTS} says how
 * many attempts were made. Camel's own line for a failure that is no {@link ApiException} (a request that could not
 * be sent: a defect, or a call a forced stop interrupted) is DEBUG, with its stack trace: it was an ERROR besides the
 * caller's line, with some fifty lines of stack trace at every loss of the lead during a slow call. Attempts are counted
 * by {@link ApiRequestEncoder#encode} in exchange properties, not with Camel's redelivery headers, which outlive a call
 * and would mix up consecutive calls on one exchange.
 */
public class ApiRetryPolicy extends RouteConfigurationBuilder {

    public static final String ID = "api-retry";

    private static final Logger LOG = LoggerFactory.getLogger(ApiRetryPolicy.class);

    @PropertyInject("bridge.retry.max-attempts")
    int maxAttempts;
    @PropertyInject("bridge.retry.give-up-after")
    Duration giveUpAfter;
    @PropertyInject("bridge.retry.initial-delay")
    Duration initialDelay;
    @PropertyInject("bridge.retry.multiplier")
    double multiplier;
    @PropertyInject("bridge.retry.max-delay")
    Duration maxDelay;
    @PropertyInject("bridge.retry.retry-after-cap")
    Duration retryAfterCap;

    @Override
    public void configuration() {
        // used only to compute the backoff (Camel's own formula), because the WARN line must name the next delay
        // before Camel waits; the delay then reaches Camel as the Exchange.REDELIVERY_DELAY header
        RedeliveryPolicy backoff = new RedeliveryPolicy();
        backoff.setRedeliveryDelay(initialDelay.toMillis());
        backoff.setUseExponentialBackOff(true);
        backoff.setBackOffMultiplier(multiplier);
        backoff.setMaximumRedeliveryDelay(maxDelay.toMillis());
        backoff.setUseCollisionAvoidance(true);

        OnExceptionDefinition onApiFailure = routeConfiguration(ID)
                .errorHandler(defaultErrorHandler().retriesExhaustedLogLevel(LoggingLevel.DEBUG))
                .onException(ApiException.class);
        // a stop ends a wait for the next attempt within a second instead of the shutdown timeout: what the call
        // was for is read again at the next start
        RedeliveryPolicyDefinition waits = new RedeliveryPolicyDefinition();
        waits.allowRedeliveryWhileStopping(false);
        onApiFailure.setRedeliveryPolicyType(waits);
        onApiFailure
                // runs after each failed attempt, before Camel decides and waits; it reads the message as it
                // was when the call failed, and the header it sets is dropped when Camel restores the message
                // for the next attempt
                .onExceptionOccurred(exchange -> plan(exchange, backoff))
                .retryWhile(header(Exchange.REDELIVERY_DELAY).isNotNull())
                .logRetryAttempted(false)
                .logExhausted(false)
                .handled(false);
    }

    /** Decides whether the failed attempt is repeated; if so, sets the delay and logs one WARN line. */
    private void plan(Exchange exchange, RedeliveryPolicy backoff) {
        Message message = exchange.getIn();
        message.removeHeader(Exchange.REDELIVERY_DELAY);
        int attempt = exchange.getProperty(ApiHeaders.ATTEMPTS, 1, Integer.class);
        ApiException failure = ApiException.in(exchange.getException());
        boolean unsentOnly = ApiHeaders.RETRY_UNSENT.equals(message.getHeader(ApiHeaders.RETRIES));
        // a stop does not wait out an outage: the command is read again at the next start; nor does a command that
        // went to another instance, which carries it out now
        if (failure == null || !failure.retryable() || maxAttempts > 0 && attempt >= maxAttempts
                || unsentOnly && !failure.unsent() || exchange.getContext().isStopping()
                || ApiHeaders.handedOver(exchange)) {
            stopWaiting(exchange);
            return;
        }
        long previous = exchange.getProperty(ApiHeaders.RETRY_DELAY, 0L, Long.class);
        long delay = failure.retryAfter()
                .map(wait -> Math.min(wait.toMillis(), retryAfterCap.toMillis()))
                .orElseGet(() -> backoff.calculateRedeliveryDelay(previous, attempt));
        long now = System.nanoTime();
        long started = exchange.getProperty(ApiHeaders.CALL_STARTED, now, Long.class);
        Duration giveUp = giveUpAfter(exchange);
        if (!giveUp.isZero() && now - started + TimeUnit.MILLISECONDS.toNanos(delay) - giveUp.toNanos() >= 0) {
            stopWaiting(exchange);
            return;
        }
        message.setHeader(Exchange.REDELIVERY_DELAY, delay);
        exchange.setProperty(ApiHeaders.RETRY_DELAY, delay);
        ApiHealth health = health(exchange, failure.source());
        if (exchange.getProperty(ApiHeaders.WAITING) == null && health != null) {
            exchange.setProperty(ApiHeaders.WAITING, failure.source());
            health.callWaits();
        }
        // the outage is logged once by ApiHealth; each retry only at DEBUG
        LOG.debug("{}: {} (attempt {}), retrying in {} ms",
                exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class),
                LogText.cut(failure.getMessage()), attempt, delay);
    }

    /** {@code bridge.retry.give-up-after}, or the exchange's own {@link ApiHeaders#GIVE_UP_AFTER} when sooner. */
    private Duration giveUpAfter(Exchange exchange) {
        Duration own = exchange.getProperty(ApiHeaders.GIVE_UP_AFTER, Duration.class);
        return own != null && (giveUpAfter.isZero() || own.compareTo(giveUpAfter) < 0) ? own : giveUpAfter;
    }

    /** The call that waited for retries ends (succeeded, or gave up). */
    static void stopWaiting(Exchange exchange) {
        String source = exchange.getProperty(ApiHeaders.WAITING, String.class);
        ApiHealth health = source == null ? null : health(exchange, source);
        if (health != null) {
            exchange.removeProperty(ApiHeaders.WAITING);
            health.callDone();
        }
    }

    /** The source's health, null where none is bound (a test wiring one call processor alone). */
    private static ApiHealth health(Exchange exchange, String source) {
        return exchange.getContext().getRegistry().lookupByNameAndType(ApiHealth.beanName(source), ApiHealth.class);
    }
}
