package ru.rabota.sandbox.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Fault injection for a simulator, changeable while it runs. Shares (0..1) of answers become 500/502/503,
 * 429 with {@code Retry-After}, or dropped connections; a fixed latency delays every answer, and a rate limit
 * answers 429 to requests above N a second. For deterministic tests, {@link #failNext}, {@link #answerNext},
 * {@link #throttleNext}, {@link #dropNext} and {@link #loseAnswerNext} queue exact faults for the next matching
 * requests, and {@link #beforeEach} changes the simulator's state between two requests (an application arriving while
 * a client reads pages).
 */
public final class Faults {

    private static final int[] SERVER_ERRORS = {500, 502, 503};

    private final Random random;
    private final Deque<SimResponse> queued = new ArrayDeque<>();
    private final RateLimit rateLimit = new RateLimit(System::nanoTime);
    private volatile long latencyMillis;
    private volatile double serverErrorShare;
    private volatile double throttleShare;
    private volatile int retryAfterSeconds = 1;
    private volatile double dropShare;
    private volatile Predicate<String> appliesTo = path -> true;
    private volatile Consumer<String> beforeEach = path -> { };

    public Faults(long seed) {
        this.random = new Random(seed);
    }

    public Faults latency(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    public Faults serverErrors(double share) {
        this.serverErrorShare = share;
        return this;
    }

    public Faults throttle(double share, int retryAfterSeconds) {
        this.throttleShare = share;
        this.retryAfterSeconds = retryAfterSeconds;
        return this;
    }

    public Faults drops(double share) {
        this.dropShare = share;
        return this;
    }

    /**
     * Answers 429 with {@code Retry-After: 1} to the requests above {@code perSecond} a second (0: no limit), on
     * every path, as an API's gateway does before the API sees them.
     */
    public synchronized Faults rateLimit(int perSecond) {
        rateLimit.set(perSecond);
        return this;
    }

    /** Limits random and queued faults to paths matching the regular expression (latency and rate limit: all). */
    public Faults onPaths(String regex) {
        Pattern pattern = Pattern.compile(regex);
        this.appliesTo = path -> pattern.matcher(path).matches();
        return this;
    }

    public synchronized Faults failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            queued.add(SimResponse.json(status, "{\"errors\":[{\"detail\":\"Simulated failure " + status + "\"}]}"));
        }
        return this;
    }

    /** The next matching requests are answered 200 with this JSON instead: an answer whose shape changed. */
    public synchronized Faults answerNext(int times, String json) {
        for (int i = 0; i < times; i++) {
            queued.add(SimResponse.json(200, json));
        }
        return this;
    }

    public synchronized Faults throttleNext(int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            queued.add(tooManyRequests(retryAfterSeconds));
        }
        return this;
    }

    public synchronized Faults dropNext(int times) {
        for (int i = 0; i < times; i++) {
            queued.add(SimResponse.drop());
        }
        return this;
    }

    /**
     * Runs {@code action} with the path (below the API root) of every request, before the fault or the answer is
     * decided: what it changes, the answer already shows.
     */
    public Faults beforeEach(Consumer<String> action) {
        this.beforeEach = action;
        return this;
    }

    /** The next requests take effect but their answers are lost (a POST that succeeded looks failed). */
    public synchronized Faults loseAnswerNext(int times) {
        for (int i = 0; i < times; i++) {
            queued.add(SimResponse.lostAnswer());
        }
        return this;
    }

    /** Back to no faults, no latency and no {@link #beforeEach} action. */
    public synchronized Faults reset() {
        queued.clear();
        latencyMillis = 0;
        serverErrorShare = 0;
        throttleShare = 0;
        dropShare = 0;
        rateLimit.set(0);
        appliesTo = path -> true;
        beforeEach = path -> { };
        return this;
    }

    void beforeAnswer(String path) {
        beforeEach.accept(path);
    }

    long latencyMillis() {
        return latencyMillis;
    }

    /** The fault for this request, or null to let the simulator answer. */
    synchronized SimResponse faultFor(String path) {
        if (!rateLimit.admits()) {
            return tooManyRequests(1);
        }
        if (!appliesTo.test(path)) {
            return null;
        }
        if (!queued.isEmpty()) {
            return queued.poll();
        }
        double roll = random.nextDouble();
        if (roll < dropShare) {
            return SimResponse.drop();
        }
        if (roll < dropShare + throttleShare) {
            return tooManyRequests(retryAfterSeconds);
        }
        if (roll < dropShare + throttleShare + serverErrorShare) {
            int status = SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)];
            return SimResponse.json(status, "{\"errors\":[{\"detail\":\"Simulated failure " + status + "\"}]}");
        }
        return null;
    }

    private static SimResponse tooManyRequests(int retryAfterSeconds) {
        return SimResponse.json(429, "{\"errors\":[{\"detail\":\"Too Many Requests\"}]}")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
}
