package ru.rabota.bridge.api;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.netflix.concurrency.limits.Limiter;
import org.apache.camel.Exchange;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limiter.BlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import ru.rabota.bridge.metrics.BridgeMeters;

/**
 * How many calls of one API are in flight at once and how fast they start, adapted to what the API sustains; one
 * per API ({@code vkLimiter}, {@code hhLimiter}), shared by every flow that calls it. In flight: Netflix's
 * {@code concurrency-limits}, additive increase and multiplicative decrease once a second ({@link AIMDLimit} in a
 * {@link WindowedLimit}, over windows of at least 10 calls) between 1 and {@code bridge.jobs.concurrency}; a 429, a 503
 * or no answer counts as the API refusing the load. Start rate: {@link ApiPace}, from the 429s alone. A call waits for both before it is sent.
 * Being where each request starts and ends, it also times them ({@code bridge_api_requests_seconds}).
 */
public final class ApiLimiter {

    /** A call let through; {@link #answered} once it ended, whatever the outcome, or {@link #unused}. */
    public interface Permit {
        /** @param status the HTTP status, 0 when no answer came */
        void answered(int status);

        /** The call was not sent after all: it tells nothing of the API. */
        void unused();
    }

    /** A request under way: its permit, its operation, and when it was let through. */
    private record Sent(Permit permit, String operation, long nanos) {
    }

    private final String api;
    private final Limiter<Void> inFlight;
    private final AIMDLimit limit;
    private final ApiPace pace;
    private final LongSupplier nanoClock;
    private final BridgeMeters meters;

    /**
     * @param api the API ({@code vk}, {@code hh}), the label {@code api} of its meters
     * @param max the most calls in flight, and the number the limit starts at
     */
    public ApiLimiter(String api, int max, BridgeMeters meters) {
        this(api, max, System::nanoTime, meters);
    }

    ApiLimiter(String api, int max, LongSupplier nanoClock) {
        this(api, max, nanoClock, BridgeMeters.none());
    }

    private ApiLimiter(String api, int max, LongSupplier nanoClock, BridgeMeters meters) {
        this.api = api;
        this.nanoClock = nanoClock;
        this.meters = meters;
        this.limit = AIMDLimit.newBuilder().initialLimit(max).minLimit(1).maxLimit(max).backoffRatio(0.9).build();
        this.inFlight = BlockingLimiter.wrap(SimpleLimiter.newBuilder()
                .named(api)
                .nanoClock(nanoClock)
                .limit(WindowedLimit.newBuilder().minWindowTime(1, TimeUnit.SECONDS).maxWindowTime(1, TimeUnit.SECONDS)
                        .windowSize(10).build(limit))
                .build());
        this.pace = new ApiPace(nanoClock);
    }

    /** Waits until the call may be sent. */
    public Permit acquire() throws InterruptedException {
        for (long wait = pace.start(); wait > 0; wait = pace.start()) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        Limiter.Listener listener = inFlight.acquire(null).orElse(null);
        if (listener == null) {
            // the blocking limiter gives up when interrupted (the flag set again) or after its hour
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for a call slot");
            }
            throw new IllegalStateException("no call slot within an hour");
        }
        return new Permit() {
            @Override
            public void answered(int status) {
                boolean refused = status == 429 || status == 503 || status == 0;
                if (status == 429) {
                    pace.throttled();
                } else if (status != 0) {
                    pace.accepted();
                }
                if (refused) {
                    listener.onDropped();
                } else {
                    listener.onSuccess();
                }
            }

            @Override
            public void unused() {
                listener.onIgnore();
            }
        };
    }

    /** Route step right before the request: waits until it may be sent. */
    public void acquire(Exchange exchange) throws InterruptedException {
        Permit permit = acquire();
        if (ApiHeaders.handedOver(exchange)) {
            // the last moment before the request: a command another instance may carry out now is not sent twice
            permit.unused();
            ApiRequest request = PendingCall.of(exchange).request();
            throw new CallNotSentException(api, request.method(), request.path(),
                    "its command is left to the instance that carries it out now (its partition, or the lead, moved)");
        }
        // the operation now: a call that got no answer has given its request back when release runs
        exchange.setProperty(ApiHeaders.PERMIT, new Sent(permit, PendingCall.of(exchange).request().operation(),
                nanoClock.getAsLong()));
    }

    /**
     * Route step after the request however it ended (the doFinally of api-attempt): its status (none: 0) tells the
     * limit what the API bore, and times the request under its operation ({@link ApiRequest#operation()}).
     */
    public void release(Exchange exchange) {
        Sent sent = (Sent) exchange.removeProperty(ApiHeaders.PERMIT);
        if (sent != null) {
            int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            sent.permit().answered(status);
            meters.apiRequest(api, sent.operation(), status, nanoClock.getAsLong() - sent.nanos());
        }
    }

    /** Calls allowed in flight now. */
    public int limit() {
        return limit.getLimit();
    }

    /** Calls per second allowed to start, 0 while no 429 set a pace. */
    public double rate() {
        return pace.rate();
    }
}
