package ru.rabota.sandbox.hh;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Settings of an {@link HhSimulator}, read once when the simulator is created. Fluent: setters return this. */
public final class HhSimulatorConfig {

    /** Which edition of hh.ru's employer negotiations API the simulator answers. */
    public enum Edition {
        /**
         * As hh.ru answers today: {@code collections[]}, {@code employer_states[]}, {@code generated_collections[]},
         * items with {@code employer_state} and {@code actions[]}, paid access.
         */
        TODAY,
        /** The 2015 page: {@code states[]} inbox/hold/invited/discarded, items with {@code state} only. */
        EDITION_2015
    }

    /** What a list request with {@code per_page} above {@link #MAX_PER_PAGE} gets. */
    public enum PerPageOverLimit {
        /** 400 {@code bad_argument per_page}: a client asking for more than hh.ru allows hears about it. */
        REJECT,
        /** 200 with {@code per_page} lowered to the limit, as lenient services do. */
        CAP
    }

    public static final int MAX_PER_PAGE = 50;

    private int port;
    private long seed = 1;
    private String accessToken = "hh-sim-access-token";
    private String refreshToken = "hh-sim-refresh-token";
    private String clientId;
    private String clientSecret;
    private Duration accessTokenLifetime = Duration.ofDays(14);
    private Set<String> foreignHostCollections = Set.of();
    private String foreignHost = "https://evil.example.com";
    private PerPageOverLimit perPageOverLimit = PerPageOverLimit.REJECT;
    private List<HhVacancy> vacancies = List.of(new HhVacancy("123456", "Менеджер по продажам"),
            new HhVacancy("123457", "Кладовщик"));
    private int negotiationsPerVacancy;
    private int publications = Integer.MAX_VALUE;
    private Edition edition = Edition.TODAY;
    private boolean generatedCollectionsAlways;
    private boolean paidAccess = true;
    private String employerId = "1455";
    private String managerId = "4062820";
    private Duration webhookTimeout = Duration.ofSeconds(2);
    private Duration webhookRetryDelay = Duration.ofSeconds(1);
    private int webhookMaxAttempts = 5;

    public int port() {
        return port;
    }

    /** 0 (the default) takes a free port. */
    public HhSimulatorConfig port(int port) {
        this.port = port;
        return this;
    }

    public long seed() {
        return seed;
    }

    /** Makes generated tokens, resumes, activity and random faults repeatable. */
    public HhSimulatorConfig seed(long seed) {
        this.seed = seed;
        return this;
    }

    public String accessToken() {
        return accessToken;
    }

    /** The access token accepted from the start, valid for {@link #accessTokenLifetime()} after start. */
    public HhSimulatorConfig accessToken(String accessToken) {
        this.accessToken = accessToken;
        return this;
    }

    public String refreshToken() {
        return refreshToken;
    }

    /** The refresh token issued together with {@link #accessToken()}. */
    public HhSimulatorConfig refreshToken(String refreshToken) {
        this.refreshToken = refreshToken;
        return this;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /**
     * When set, a refresh that sends {@code client_id} or {@code client_secret} must send exactly these; hh.ru
     * needs neither for a refresh.
     */
    public HhSimulatorConfig client(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        return this;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    /** How long an access token is valid (hh.ru: 14 days, {@code expires_in} 1209600). */
    public HhSimulatorConfig accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    public Set<String> foreignHostCollections() {
        return foreignHostCollections;
    }

    /** Collections whose {@code url} in the collections answer points at {@link #foreignHost()}. */
    public HhSimulatorConfig foreignHostCollections(String... collections) {
        this.foreignHostCollections = Set.of(collections);
        return this;
    }

    public String foreignHost() {
        return foreignHost;
    }

    /** Scheme and host of foreign collection URLs, e.g. {@code https://evil.example.com}. */
    public HhSimulatorConfig foreignHost(String foreignHost) {
        this.foreignHost = foreignHost;
        return this;
    }

    public PerPageOverLimit perPageOverLimit() {
        return perPageOverLimit;
    }

    public HhSimulatorConfig perPageOverLimit(PerPageOverLimit policy) {
        this.perPageOverLimit = policy;
        return this;
    }

    public List<HhVacancy> vacancies() {
        return vacancies;
    }

    /** The employer's vacancies at start (default: 123456 and 123457). */
    public HhSimulatorConfig vacancies(HhVacancy... vacancies) {
        this.vacancies = List.of(vacancies);
        return this;
    }

    public int publications() {
        return publications;
    }

    /**
     * How many vacancies the employer has paid to publish (default: no limit); once they are used,
     * {@code POST /vacancies} is refused 403 {@code vacancies}/{@code not_enough_purchased_services}.
     */
    public HhSimulatorConfig publications(int publications) {
        this.publications = publications;
        return this;
    }

    public int negotiationsPerVacancy() {
        return negotiationsPerVacancy;
    }

    /** Negotiations generated per vacancy at creation, as the activity would bring them (default 0). */
    public HhSimulatorConfig negotiationsPerVacancy(int count) {
        this.negotiationsPerVacancy = count;
        return this;
    }

    public Edition edition() {
        return edition;
    }

    /** The negotiations API edition (default {@link Edition#TODAY}). */
    public HhSimulatorConfig edition(Edition edition) {
        this.edition = edition;
        return this;
    }

    public boolean generatedCollectionsAlways() {
        return generatedCollectionsAlways;
    }

    /**
     * Lists {@code generated_collections[]} even without {@code with_generated_collections=true}, for tests proving
     * that a client ignores them.
     */
    public HhSimulatorConfig generatedCollectionsAlways(boolean always) {
        this.generatedCollectionsAlways = always;
        return this;
    }

    public boolean paidAccess() {
        return paidAccess;
    }

    /** Whether the employer paid for API access to negotiations (default true); changeable at runtime too. */
    public HhSimulatorConfig paidAccess(boolean paidAccess) {
        this.paidAccess = paidAccess;
        return this;
    }

    public String employerId() {
        return employerId;
    }

    /** The employer of the token's user, as {@code GET /me} shows it (default 1455). */
    public HhSimulatorConfig employerId(String employerId) {
        this.employerId = employerId;
        return this;
    }

    public String managerId() {
        return managerId;
    }

    /** The token's user as the employer's manager: {@code employer.manager_id} and webhooks' manager id. */
    public HhSimulatorConfig managerId(String managerId) {
        this.managerId = managerId;
        return this;
    }

    public Duration webhookTimeout() {
        return webhookTimeout;
    }

    /** How long a webhook receiver may take to answer before the delivery counts as failed (hh.ru: 2 s). */
    public HhSimulatorConfig webhookTimeout(Duration timeout) {
        this.webhookTimeout = timeout;
        return this;
    }

    public Duration webhookRetryDelay() {
        return webhookRetryDelay;
    }

    /** The pause before the first retry of a failed delivery; the n-th retry waits n times as long. */
    public HhSimulatorConfig webhookRetryDelay(Duration delay) {
        this.webhookRetryDelay = delay;
        return this;
    }

    public int webhookMaxAttempts() {
        return webhookMaxAttempts;
    }

    /** Deliveries of one notification before the simulator gives up on it (default 5). */
    public HhSimulatorConfig webhookMaxAttempts(int attempts) {
        this.webhookMaxAttempts = attempts;
        return this;
    }
}
