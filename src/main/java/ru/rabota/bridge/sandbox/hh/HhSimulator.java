package ru.rabota.bridge.sandbox.hh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import ru.rabota.bridge.sandbox.http.Faults;
import ru.rabota.bridge.sandbox.http.RecordedRequest;
import ru.rabota.bridge.sandbox.http.SimServer;

/**
 * An in-process hh.ru for the employer's negotiations: the collections, list and single-negotiation endpoints
 * of hh-employer-negotiations.md and the refresh grant of {@code /oauth/token}, all on one loopback host with
 * no path prefix. Strict where hh.ru is: User-Agent, bearer token, {@code per_page} limit. Thread-safe.
 */
public final class HhSimulator implements AutoCloseable {

    private final int port;
    private final HhState state = new HhState();
    private final HhTokens tokens;
    private final HhActivity activity;
    private final SimServer server;

    public HhSimulator(HhSimulatorConfig config) {
        this.port = config.port();
        this.tokens = new HhTokens(config);
        this.activity = new HhActivity(state, config.seed());
        this.server = new SimServer("hh.ru", "", new Faults(config.seed()), HhApi::notFound);
        new HhApi(config, state, tokens, new HhJson(this::baseUrl)).register(server);
        config.vacancies().forEach(state::addVacancy);
        for (HhVacancy vacancy : config.vacancies()) {
            for (int i = 0; i < config.negotiationsPerVacancy(); i++) {
                activity.arrive(vacancy.id());
            }
        }
    }

    public HhSimulator start() throws IOException {
        server.start(port);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}: the API root, and the host of {@code /oauth/token} too. */
    public String baseUrl() {
        return server.baseUri();
    }

    public Faults faults() {
        return server.faults();
    }

    public List<RecordedRequest> requests() {
        return server.requests();
    }

    public void clearRequests() {
        server.clearRequests();
    }

    public List<HhVacancy> vacancies() {
        return state.vacancies();
    }

    public HhSimulator addVacancy(String id, String name) {
        state.addVacancy(new HhVacancy(id, name));
        return this;
    }

    /**
     * A new negotiation, updated now and with {@code has_updates}. Any collection and state id is accepted: a
     * collection beyond inbox/hold/invited/discarded then appears in that vacancy's collections answer.
     *
     * @param resume null for a candidate who deleted or hid the resume
     * @throws IllegalArgumentException for an unknown vacancy
     */
    public HhNegotiation addNegotiation(String vacancyId, String collection, String stateId, HhResume resume) {
        return state.add(vacancyId, collection, stateId, resume);
    }

    /**
     * Moves a negotiation, e.g. from inbox/response to invited/invitation; it becomes the newest change.
     *
     * @throws IllegalArgumentException for an unknown negotiation
     */
    public HhNegotiation moveNegotiation(String id, String collection, String stateId) {
        return state.move(id, collection, stateId);
    }

    public Optional<HhNegotiation> negotiation(String id) {
        return state.negotiation(id);
    }

    /** All negotiations of all vacancies, oldest first. */
    public List<HhNegotiation> negotiations() {
        return state.negotiations();
    }

    /** The negotiations of one vacancy, oldest first. */
    public List<HhNegotiation> negotiations(String vacancyId) {
        return state.negotiations(vacancyId);
    }

    /** One collection of a vacancy in the order the list endpoint pages it (newest change first). */
    public List<HhNegotiation> negotiations(String vacancyId, String collection) {
        return state.collection(vacancyId, collection);
    }

    /** The access token currently accepted (changes with each refresh). */
    public String accessToken() {
        return tokens.accessToken();
    }

    /** The refresh token that the next refresh must present. */
    public String refreshToken() {
        return tokens.refreshToken();
    }

    /** Ends the current access token's life now, so API calls get 403 token_expired and a refresh is allowed. */
    public void expireAccessToken() {
        tokens.expireAccessToken();
    }

    /** One step of activity, synchronously: for tests that want it without a timer. */
    public void activityStep() {
        activity.step();
    }

    /** Runs {@link #activityStep()} every {@code every} on a daemon thread until {@link #stopActivity()}. */
    public void startActivity(Duration every) {
        activity.start(every);
    }

    public void stopActivity() {
        activity.stop();
    }

    @Override
    public void close() {
        activity.stop();
        server.close();
    }
}
