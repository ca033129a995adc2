package ru.rabota.bridge.api;

import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;

/** Names of the headers and properties by which a route describes an API call and learns how it went. */
public final class ApiHeaders {

    /** Header: GET, POST, PUT or DELETE. */
    public static final String METHOD = "bridgeApiMethod";
    /** Header: the path below the API root, e.g. {@code /jobs/651/close}. */
    public static final String PATH = "bridgeApiPath";
    /** Header: optional {@code Map<String, Object>} of query parameters; a list value repeats the parameter. */
    public static final String QUERY = "bridgeApiQuery";
    /** Header: true to call without a token (VK's {@code GET /categories}). */
    public static final String ANONYMOUS = "bridgeApiAnonymous";
    /**
     * Header: which failures the retry policy repeats. {@value #RETRY_UNSENT} for calls that spend money: only
     * failures where the request cannot have been acted on ({@link ApiException#unsent()}); absent or anything
     * else: every {@link ApiException#retryable() retryable} failure.
     */
    public static final String RETRIES = "bridgeApiRetries";
    public static final String RETRY_UNSENT = "unsent";

    /**
     * Property: the absolute URL a call without token goes to instead of the API root and {@link #PATH} (hh.ru's
     * token endpoint). A property, not a header: a header could come from a Kafka record, and a URL sends the call
     * elsewhere.
     */
    public static final String URL = "bridgeApiUrl";
    /** Property: how many attempts the last call made (1 = no retry), also after it finally failed. */
    public static final String ATTEMPTS = "bridgeApiAttempts";
    /** Property: true while the request is to be sent (once more after a refused token); the call route's loop. */
    public static final String SEND = "bridgeApiSend";
    /**
     * Property: the last attempt failed in a way that may have taken effect all the same (no answer, 5xx: the answer
     * may have been lost); {@code vk-create-job} looks the job up before it posts again.
     */
    public static final String UNSURE = "bridgeApiUnsure";
    /**
     * Property: some attempt of the call failed in a way that may have taken effect all the same ({@link #UNSURE},
     * which a later attempt clears; this stays for the call). A call the API carries out once however often it is
     * sent (a phone read buys its contact once) counts then what the first attempt may have cost.
     */
    public static final String ACTED_MAYBE = "bridgeApiActedMaybe";
    /**
     * Property: a {@code BooleanSupplier}, true once the Kafka command the exchange carries out went to another
     * instance (a rebalance took its partition; a paid command, this instance lost the lead), or may have (the
     * process stood still for longer than its group session): no call is sent or repeated then ({@link ApiLimiter},
     * {@link ApiRetryPolicy}), and the command's work ends without an answer, for that instance to carry it out.
     */
    public static final String HANDED_OVER = "bridgeHandedOver";
    /**
     * Property: a {@code Duration} after which each call of the exchange stops retrying, sooner than
     * {@code bridge.retry.give-up-after}: a poll that reads again next time anything it skips now (one hh.ru
     * vacancy that keeps failing must not hold the others forever).
     */
    public static final String GIVE_UP_AFTER = "bridgeCallGiveUpAfter";
    /** The beginning of every per-call property's name; {@link #forgetLastCall} removes them before each call. */
    public static final String CALL_PROPERTIES = "bridgeApi";
    /** Property (internal): the attempt under way ({@link PendingCall}). */
    static final String CALL = "bridgeApiCall";
    /** Property (internal): the token of the request under way; removed when its answer came. */
    static final String TOKEN = "bridgeApiToken";
    /** Property (internal): the token was refused once and renewed: a second refusal fails the call. */
    static final String RENEWED = "bridgeApiTokenRenewed";
    /**
     * Property (internal): {@link System#nanoTime()} when the current call's first attempt started (a monotonic
     * clock: a step of the system clock neither ends nor stretches {@code bridge.retry.give-up-after}).
     */
    static final String CALL_STARTED = "bridgeApiCallStarted";
    /** Property (internal): the source of the API whose call waits for a retry ({@link ApiHealth}). */
    static final String WAITING = "bridgeApiWaiting";
    /** Property (internal): the request's place among the API's calls in flight ({@link ApiLimiter}). */
    static final String PERMIT = "bridgeApiPermit";
    /** Property (internal): the last retry delay in millis, from which the next backoff grows. */
    static final String RETRY_DELAY = "bridgeApiRetryDelay";

    private ApiHeaders() {
    }

    /**
     * Route step of api-operation: each call counts its own attempts, so the properties of the exchange's last call
     * go. Hand-written instead of {@code removeProperties: bridgeApi*}: Camel tries every other property's name
     * against the pattern as a regular expression too, compiling it each time (a third of a job's allocations).
     */
    public static void forgetLastCall(Exchange exchange) {
        exchange.getProperties().keySet().removeIf(name -> name.startsWith(CALL_PROPERTIES));
    }

    /** Whether the exchange's command went to another instance ({@link #HANDED_OVER}). */
    public static boolean handedOver(Exchange exchange) {
        return exchange.getProperty(HANDED_OVER) instanceof BooleanSupplier handedOver && handedOver.getAsBoolean();
    }
}
