package ru.rabota.sandbox.vk;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link VkSimulator}, fluent and mutable until the simulator is built. Every default is a
 * sane sandbox value; quirks of the document are off unless switched on.
 */
public final class VkSimulatorConfig {

    /** What a list endpoint does with {@code page[size]} above 50. */
    public enum PageSizePolicy {
        /**
         * Serve 50. The document only says "не более 50" and shows no error for more; a Rails API with a
         * page-size ceiling usually clamps, so this is the default.
         */
        CAP,
        /** Answer 422, for testing that the client never asks for more. */
        REJECT
    }

    /** Order of {@code GET /applications}. */
    public enum ApplicationsOrder {
        /** By created_at then id, ascending: the document's examples (ids 1, 2, ... created later and later). */
        OLDEST_FIRST,
        /** Newest first: an application arriving between two page reads shifts every later page by one. */
        NEWEST_FIRST
    }

    private int port;
    private String login = "sandbox";
    private String password = "sandbox";
    private long userId = 888;
    private long companyId = 1;
    private Duration tokenLifetime = Duration.ofHours(1);
    private String jwtSecret = "vk-rabota-sandbox-secret";
    private boolean jobArrayOnGet;
    private boolean citiesUnpaged;
    private boolean videoResumeRelationship;
    private PageSizePolicy pageSizePolicy = PageSizePolicy.CAP;
    private int defaultPageSize = 25;
    private ApplicationsOrder applicationsOrder = ApplicationsOrder.OLDEST_FIRST;
    private long seed = 42;
    private Duration publicationPeriod = Duration.ofDays(30);
    private final Map<String, Integer> prices = new LinkedHashMap<>();
    private BigDecimal balance = new BigDecimal("10000000.0");
    private BigDecimal bonusBalance = BigDecimal.ZERO;
    private String walletId;
    private final Map<String, Integer> limits = new LinkedHashMap<>();
    private VkReferenceData referenceData = VkReferenceData.defaults();
    private Clock clock = Clock.systemUTC();
    private SSLContext tls;

    public VkSimulatorConfig() {
        // roubles per paid action; contact_view 1500 is the document's origin.price, the rest are sandbox values
        prices.put("job_publish", 300);
        prices.put("super_job_publish", 600);
        prices.put("ultra_job_publish", 1200);
        prices.put("job_refresh", 150);
        prices.put("job_highlight", 300);
        prices.put("contact_view", 1500);
        prices.put("job_elevate_plus", 1000);
        prices.put("job_elevate_1d", 200);
        prices.put("job_elevate_3d", 500);
        // the company example of GET /company, with the limits only the paid_actions example shows
        limits.put("otvas_user_limit", 1);
        limits.put("otvas_jobs_limit", 0);
        limits.put("otvas_super_jobs_limit", 0);
        limits.put("otvas_ultra_jobs_limit", 0);
        limits.put("otvas_refreshes_limit", 1);
        limits.put("otvas_highlights_limit", 0);
        limits.put("otvas_views_limit", 1);
        limits.put("otvas_elevations_plus_limit", 1);
        limits.put("otvas_elevations_1d_limit", 0);
        limits.put("otvas_elevations_3d_limit", 0);
    }

    /** 0 (default) takes a free port. */
    public VkSimulatorConfig port(int port) {
        this.port = port;
        return this;
    }

    public int port() {
        return port;
    }

    public VkSimulatorConfig credentials(String login, String password) {
        this.login = Objects.requireNonNull(login);
        this.password = Objects.requireNonNull(password);
        return this;
    }

    public String login() {
        return login;
    }

    public String password() {
        return password;
    }

    /** The API user: the token's user_id and every application's recruiter_id (888, as in the document). */
    public VkSimulatorConfig userId(long userId) {
        this.userId = userId;
        return this;
    }

    public long userId() {
        return userId;
    }

    public VkSimulatorConfig companyId(long companyId) {
        this.companyId = companyId;
        return this;
    }

    public long companyId() {
        return companyId;
    }

    public VkSimulatorConfig tokenLifetime(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
        return this;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public VkSimulatorConfig jwtSecret(String jwtSecret) {
        this.jwtSecret = Objects.requireNonNull(jwtSecret);
        return this;
    }

    public String jwtSecret() {
        return jwtSecret;
    }

    /** GET /jobs/{id} answers {@code "data": [ {...} ]}, as the document prints it. */
    public VkSimulatorConfig jobArrayOnGet(boolean jobArrayOnGet) {
        this.jobArrayOnGet = jobArrayOnGet;
        return this;
    }

    public boolean jobArrayOnGet() {
        return jobArrayOnGet;
    }

    /** GET /cities answers every city at once, without links, whatever the paging parameters: as the document prints it. */
    public VkSimulatorConfig citiesUnpaged(boolean citiesUnpaged) {
        this.citiesUnpaged = citiesUnpaged;
        return this;
    }

    public boolean citiesUnpaged() {
        return citiesUnpaged;
    }

    /** Candidates carry a {@code video_resume} relationship, as an older version of the document shows. */
    public VkSimulatorConfig videoResumeRelationship(boolean videoResumeRelationship) {
        this.videoResumeRelationship = videoResumeRelationship;
        return this;
    }

    public boolean videoResumeRelationship() {
        return videoResumeRelationship;
    }

    public VkSimulatorConfig pageSizePolicy(PageSizePolicy pageSizePolicy) {
        this.pageSizePolicy = pageSizePolicy;
        return this;
    }

    public PageSizePolicy pageSizePolicy() {
        return pageSizePolicy;
    }

    /** Page size when a request gives no {@code page[size]} (the document names none; 25). */
    public VkSimulatorConfig defaultPageSize(int defaultPageSize) {
        this.defaultPageSize = defaultPageSize;
        return this;
    }

    public int defaultPageSize() {
        return defaultPageSize;
    }

    public VkSimulatorConfig applicationsOrder(ApplicationsOrder applicationsOrder) {
        this.applicationsOrder = applicationsOrder;
        return this;
    }

    public ApplicationsOrder applicationsOrder() {
        return applicationsOrder;
    }

    /** Seed of generated candidates, activity and random faults. */
    public VkSimulatorConfig seed(long seed) {
        this.seed = seed;
        return this;
    }

    public long seed() {
        return seed;
    }

    /** How long a publication lasts before the job is {@code expired} (30 days). */
    public VkSimulatorConfig publicationPeriod(Duration publicationPeriod) {
        this.publicationPeriod = publicationPeriod;
        return this;
    }

    public Duration publicationPeriod() {
        return publicationPeriod;
    }

    /** Price in roubles of a paid action; any code of the document (e.g. {@code elevation_plus}) is accepted. */
    public VkSimulatorConfig price(String code, int roubles) {
        prices.put(VasAction.of(code).orElseThrow(() -> new IllegalArgumentException("unknown VAS " + code)).code(),
                roubles);
        return this;
    }

    /** Price in roubles by canonical code (job_publish, job_elevate_plus, ...). */
    public int price(VasAction action) {
        return prices.getOrDefault(action.code(), 0);
    }

    /** The company's initial wallet balance in kopecks, a decimal string as the API prints it ("10000000.0"). */
    public VkSimulatorConfig balance(String kopecks) {
        this.balance = new BigDecimal(kopecks);
        return this;
    }

    public BigDecimal balance() {
        return balance;
    }

    /** Initial balance for {@code use_account: bonus}, in kopecks (0). */
    public VkSimulatorConfig bonusBalance(String kopecks) {
        this.bonusBalance = new BigDecimal(kopecks);
        return this;
    }

    public BigDecimal bonusBalance() {
        return bonusBalance;
    }

    public VkSimulatorConfig walletId(String walletId) {
        this.walletId = walletId;
        return this;
    }

    public String walletId() {
        return walletId;
    }

    /** An initial OTVAS limit by its company attribute name, e.g. {@code otvas_jobs_limit}. */
    public VkSimulatorConfig limit(String attribute, int value) {
        limits.put(attribute, value);
        return this;
    }

    public Map<String, Integer> limits() {
        return Map.copyOf(limits);
    }

    /** Limit names in the order the company document prints them. */
    Map<String, Integer> orderedLimits() {
        return new LinkedHashMap<>(limits);
    }

    public VkSimulatorConfig referenceData(VkReferenceData referenceData) {
        this.referenceData = Objects.requireNonNull(referenceData);
        return this;
    }

    public VkReferenceData referenceData() {
        return referenceData;
    }

    /** The clock of tokens, timestamps and expiry (system UTC; timestamps are printed at +03:00). */
    public VkSimulatorConfig clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public Clock clock() {
        return clock;
    }

    /** Serves https with this context's certificate, as the real API does; plain http when not set (default). */
    public VkSimulatorConfig tls(SSLContext tls) {
        this.tls = tls;
        return this;
    }

    public SSLContext tls() {
        return tls;
    }
}
