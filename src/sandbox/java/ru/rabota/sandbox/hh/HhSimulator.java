package ru.rabota.sandbox.hh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.node.ArrayNode;

import ru.rabota.sandbox.http.DocumentedRequests;
import ru.rabota.sandbox.http.Faults;
import ru.rabota.sandbox.http.RecordedRequest;
import ru.rabota.sandbox.http.SimServer;

/**
 * An in-process hh.ru for the employer: negotiations (collections, lists, one negotiation, actions), {@code /me},
 * vacancies (publishing, editing, reading, archiving, the active list), the refresh grant of {@code /token} and
 * webhook subscriptions with their delivery, all on one loopback host with no path prefix. Answers today's edition
 * of the negotiations API or the 2015 one ({@link HhSimulatorConfig#edition}). Strict where hh.ru is: User-Agent,
 * bearer token, paid access, {@code per_page} limit, the actions a negotiation offers, a vacancy's fields,
 * duplicates and purchased publications. Thread-safe.
 */
public final class HhSimulator implements AutoCloseable {

    private final int port;
    private final HhWorkflow workflow;
    private final HhState state;
    private final HhTokens tokens;
    private final HhWebhooks webhooks;
    private final HhActionApi actions;
    private final HhApi api;
    private final HhVacancyApi vacancyApi;
    private final HhActivity activity;
    private final SimServer server;
    private final String employerId;

    public HhSimulator(HhSimulatorConfig config) {
        this.port = config.port();
        this.employerId = config.employerId();
        this.workflow = new HhWorkflow(config.edition());
        this.webhooks = new HhWebhooks(config);
        this.state = new HhState(workflow, webhooks, config.publications());
        this.tokens = new HhTokens(config);
        this.actions = new HhActionApi(state, workflow);
        this.activity = new HhActivity(state, workflow, config.seed());
        this.server = new SimServer("hh.ru", "", new Faults(config.seed()), HhApi::notFound);
        // what the specification does not name is refused, as a bad argument
        server.documented(HhDocument.requests(), violations -> HhJson.error(400, "bad_argument",
                DocumentedRequests.text(violations)));
        HhJson json = new HhJson(config, workflow, this::baseUrl);
        this.vacancyApi = new HhVacancyApi(config, state, json);
        this.api = new HhApi(config, state, tokens, json, workflow, actions, new HhWebhookApi(webhooks), vacancyApi);
        api.register(server);
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

    /** {@code http://127.0.0.1:<port>}: the API root, and the host of {@code /token} too. */
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

    /** Every vacancy, archived ones too. */
    public List<HhVacancy> vacancies() {
        return state.vacancies();
    }

    /** Adds an active vacancy (or makes an archived one active again). */
    public HhSimulator addVacancy(String id, String name) {
        state.addVacancy(new HhVacancy(id, name));
        return this;
    }

    /** A vacancy of another manager of the employer: hh.ru lists it as active only when asked by its manager_id. */
    public HhSimulator addVacancy(String id, String name, String managerId) {
        state.addVacancy(new HhVacancy(id, name, managerId));
        return this;
    }

    /**
     * Takes a vacancy off the active list; its negotiations stay readable, their actions are refused
     * ({@code invalid_vacancy}).
     *
     * @throws IllegalArgumentException for an unknown vacancy
     */
    public void archiveVacancy(String id) {
        state.archive(id);
    }

    /** Vacancies published through {@code POST /vacancies}, oldest first, as they are now (edited, archived). */
    public List<HhPublishedVacancy> publishedVacancies() {
        return state.published();
    }

    /**
     * Any vacancy, published through the API or not, as it is now.
     *
     * @throws IllegalArgumentException for an unknown vacancy
     */
    public HhPublishedVacancy vacancy(String id) {
        return state.vacancy(id).orElseThrow(() -> new IllegalArgumentException("No vacancy " + id));
    }

    /** Publications used: vacancies created through {@code POST /vacancies}, republications included. */
    public int publicationsUsed() {
        return state.published().size();
    }

    /**
     * The next {@code POST /vacancies} (with a valid token) is carried out as usual, a vacancy published and paid for
     * if it is valid, but the connection drops before the answer: the client cannot tell whether it was published.
     * Each call loses one more answer.
     */
    public void loseNextPublishAnswer() {
        vacancyApi.loseNextPublishAnswer();
    }

    /**
     * The next {@code POST /vacancies} that passes User-Agent and token is handled (published and paid for if valid),
     * then its answer waits until the returned latch is counted down (at most five minutes): a client can be stopped
     * while the vacancy exists and it has no answer yet. Each call holds one more answer.
     */
    public CountDownLatch holdNextPublishAnswer() {
        return vacancyApi.holdNextPublishAnswer();
    }

    /** The employer of the token's user, as {@code GET /me} shows it. */
    public String employerId() {
        return employerId;
    }

    /**
     * A new negotiation, updated now and with {@code has_updates}, announced to no webhook subscriber. Any
     * collection and state id is accepted: a collection beyond the edition's standard ones then appears in that
     * vacancy's collections answer. Today the employer state is the collection, and 2015's collection ids stand
     * for today's: inbox for response, hold for consider, invited for interview, discarded for
     * discard_by_employer.
     *
     * @param stateId the candidate's state ({@code state.id})
     * @param resume  null for a candidate who deleted or hid the resume
     * @throws IllegalArgumentException for an unknown vacancy
     */
    public HhNegotiation addNegotiation(String vacancyId, String collection, String stateId, HhResume resume) {
        String inEdition = workflow.collection(collection);
        return state.add(vacancyId, inEdition, stateId, inEdition, resume);
    }

    /**
     * A candidate's response, as hh.ru receives one: collection, state and employer state {@code response}
     * (2015: collection {@code inbox}); {@code NEW_NEGOTIATION_VACANCY} and
     * {@code NEW_RESPONSE_OR_INVITATION_VACANCY} go to the subscribers.
     *
     * @throws IllegalArgumentException for an unknown vacancy
     */
    public HhNegotiation addResponse(String vacancyId, HhResume resume) {
        return state.respond(vacancyId, resume);
    }

    /**
     * Moves a negotiation as the employer did on hh.ru's site, to the employer state and its collection; the
     * candidate's state stays; {@code NEGOTIATION_EMPLOYER_STATE_CHANGE} goes to the subscribers. Any state id is
     * accepted (2015: a collection).
     *
     * @throws IllegalArgumentException for an unknown negotiation
     */
    public HhNegotiation changeEmployerState(String id, String employerStateId) {
        return state.changeEmployerState(id, employerStateId, null);
    }

    /**
     * Moves a negotiation, e.g. from inbox/response to invited/invitation, silently; it becomes the newest
     * change. The collection is read as in {@link #addNegotiation}.
     *
     * @throws IllegalArgumentException for an unknown negotiation
     */
    public HhNegotiation moveNegotiation(String id, String collection, String stateId) {
        String inEdition = workflow.collection(collection);
        return state.move(id, inEdition, stateId, inEdition);
    }

    /** @throws IllegalArgumentException for an unknown negotiation */
    public HhNegotiation negotiation(String id) {
        return state.negotiation(id).orElseThrow(() -> new IllegalArgumentException("No negotiation " + id));
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

    /** Switches paid API access for negotiations on or off while the simulator runs. */
    public void setPaidAccess(boolean paid) {
        api.paidAccess(paid);
    }

    /** The actions clients carried out through the API, oldest first. */
    public List<HhExecutedAction> executedActions() {
        return actions.executed();
    }

    /** Every POST of a notification to a subscriber so far, oldest first. */
    public List<HhWebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /**
     * Sends an already sent notification once more, same id and body, without retries: the duplicate hh.ru may
     * send.
     *
     * @throws IllegalArgumentException for an unknown notification id
     */
    public void redeliver(String notificationId) {
        webhooks.redeliver(notificationId);
    }

    /** The URLs of the webhook subscriptions held now. */
    public List<String> webhookSubscriptionUrls() {
        return webhooks.subscriptions().stream().map(HhWebhooks.Subscription::url).toList();
    }

    /**
     * Subscribes the URL to these notification types as another client of the same user and application does (a
     * second instance of the bridge); false when a subscription is there already.
     */
    public boolean subscribeWebhooks(String url, List<String> types) {
        ArrayNode actions = HhJson.MAPPER.createArrayNode();
        types.forEach(type -> actions.addObject().put("type", type));
        return webhooks.subscribe(url, actions).isPresent();
    }

    /** Deletes every webhook subscription, as hh.ru does when the user revokes the application's access. */
    public void cancelWebhookSubscriptions() {
        webhooks.subscriptions().forEach(subscription -> webhooks.cancel(subscription.id()));
    }

    /** Pauses (false) or resumes (true) webhook delivery; what fell due meanwhile goes out on resume. */
    public void deliverWebhooks(boolean on) {
        webhooks.deliver(on);
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
        webhooks.close();
        server.close();
    }
}
