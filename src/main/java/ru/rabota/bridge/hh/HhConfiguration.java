package ru.rabota.bridge.hh;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.StartupListener;

import ru.rabota.bridge.api.ApiAnswerMapper;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.api.ApiLimiter;
import ru.rabota.bridge.api.ApiRequestEncoder;
import ru.rabota.bridge.api.ReadinessCheck;
import ru.rabota.bridge.api.TokenRequests;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.applications.ApplicationRetention;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.jobs.Board;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the hh.ru side: {@code hhApiHealth} (the API's outage health, id {@code hh-api}), {@code hhLimiter} (its calls
 * in flight and their pace), {@code hhOAuthTokens}, {@code hhRequests} and {@code hhAnswers} (the steps of route
 * {@code hh-call}), the steps of the negotiations poll ({@code hhPoll}, {@code hhVacancies}; and
 * {@code hhApplicationsRetention} with {@code hhPolledVacancies}, what the application state's retention may forget of
 * it), of the status commands
 * ({@code hhStatusCommands}, and {@code hhActedBefore}, the read of a negotiation before a repeated action) and of the
 * webhooks ({@code hhWebhook}, {@code hhWebhookPool}, {@code hhWebhookHandOff}, {@code hhWebhookSubscription}), the
 * route policies {@code hhPollGuard} and {@code hhWebhookGuard}, the readiness check {@code hhHealth} (id {@code hh}),
 * the steps of the job flow's route hh-job {@code hhJobs}, with {@code hhDuplicates} (the search through the vacancies
 * a duplicate refusal names) and {@code hhVacancyEdits} (an update's edits), and {@code hhEmployer} (route
 * {@code hh-employer}).
 * Everything is bound whether or not hh.ru is enabled; the guards decide which routes start.
 */
public class HhConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.retry.max-delay")
    Duration maxRetryDelay;
    @PropertyInject("bridge.jobs.concurrency")
    int apiConcurrency;
    @PropertyInject("bridge.hh.enabled")
    boolean enabled;
    @PropertyInject("bridge.hh.base-url")
    String baseUrl;
    @PropertyInject("bridge.hh.token-url")
    String tokenUrl;
    @PropertyInject("bridge.hh.per-page")
    int perPage;
    @PropertyInject("bridge.hh.poll-interval")
    Duration pollInterval;
    @PropertyInject("bridge.hh.vacancy-ids")
    String vacancyIds;
    @PropertyInject("bridge.hh.manager-ids")
    String managerIds;
    @PropertyInject("bridge.hh.webhook.enabled")
    boolean webhookEnabled;
    @PropertyInject("bridge.hh.access-token")
    String accessToken;
    @PropertyInject("bridge.hh.refresh-token")
    String refreshToken;
    @PropertyInject("bridge.hh.client-id")
    String clientId;
    @PropertyInject("bridge.hh.client-secret")
    String clientSecret;
    @PropertyInject("bridge.hh.user-agent")
    String userAgent;
    @PropertyInject("bridge.hh.employer-id")
    String employerId;
    @PropertyInject("bridge.hh.webhook.secret")
    String webhookSecret;
    @PropertyInject("bridge.hh.webhook.public-url")
    String webhookPublicUrl;
    @PropertyInject("bridge.hh.webhook.give-up-after")
    Duration webhookGiveUpAfter;
    /** How long a vacancy no poll reads keeps its negotiations (besides the polls missed): the retention's period. */
    @PropertyInject("bridge.applications.retention-interval")
    Duration retentionInterval;

    @PropertyInject("camel.server.port")
    int serverPort;
    /** How long camel-http waits for an answer (ms); with the state's timeout, how long another refresh may take. */
    @PropertyInject("camel.component.http.response-timeout")
    long httpResponseTimeout;
    @PropertyInject("bridge.state.timeout")
    Duration stateTimeout;

    @Override
    public void configure(CamelContext context) throws Exception {
        // built now, so that the health meets the context's start
        context.getRegistry().lookupByName("hhApiHealth");
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) {
                // the server is not there yet
            }

            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                HhWebhookServerErrors.install(started, serverPort);
            }
        });
    }

    /** How many calls to hh.ru are in flight at once and how fast they start, for every flow (route hh-call). */
    @BindToRegistry(value = "hhLimiter", lazy = true)
    public ApiLimiter hhLimiter(@BeanInject("bridgeMeters") BridgeMeters meters) {
        return new ApiLimiter("hh", apiConcurrency, meters);
    }

    @BindToRegistry(value = "hhApiHealth", lazy = true)
    public ApiHealth hhApiHealth(@BeanInject("bridgeMeters") BridgeMeters meters, CamelContext context) {
        // made with the routes at start, as the health check is not: it is looked up when the gauge is read
        meters.apiAccess("hh", () -> context.getRegistry().lookupByNameAndType("hhHealth", HhHealthCheck.class)
                .granted());
        return ApiHealth.of(meters, "hh", "hh.ru API", maxRetryDelay, context, "hh-negotiations-poll");
    }

    /** The OAuth pair, with one refresh; the newest pair is kept in {@code watermarkState}. */
    @BindToRegistry(value = "hhOAuthTokens", lazy = true)
    public HhOAuthTokens hhOAuthTokens(CamelContext context, @BeanInject("watermarkState") KafkaStateStore state)
            throws Exception {
        HhOAuthTokens tokens = new HhOAuthTokens(() -> state, new HhOAuthTokens.Client(TokenRequests.to(context,
                "direct:hh-token-request"), URI.create(tokenUrl).getRawPath(), clientId, clientSecret,
                // without a response timeout (0) camel-http waits as long as the connection lasts: a minute is assumed
                Duration.ofMillis(httpResponseTimeout > 0 ? httpResponseTimeout : 60_000).plus(stateTimeout)),
                accessToken, refreshToken);
        // the poll's guard says so at start (HhPollGuard), once
        return settings().userAgentMissing() ? tokens.refusingFromStart("bridge.hh.user-agent is not set: hh.ru"
                + " answers every request without one with 400 bad_user_agent") : tokens;
    }

    /** The steps of route hh-call (template api-attempt) before the HTTP request, with hh.ru's User-Agent. */
    @BindToRegistry(value = "hhRequests", lazy = true)
    public ApiRequestEncoder hhRequests(@BeanInject("hhOAuthTokens") HhOAuthTokens tokens,
            @BeanInject("bridgeJson") ObjectMapper json) {
        return new ApiRequestEncoder(agent(), tokens, json);
    }

    /** The steps of route hh-call after the HTTP request: the answer, or none. */
    @BindToRegistry(value = "hhAnswers", lazy = true)
    public ApiAnswerMapper hhAnswers(@BeanInject("hhApiHealth") ApiHealth health,
            @BeanInject("hhOAuthTokens") HhOAuthTokens tokens, @BeanInject("bridgeJson") ObjectMapper json) {
        return new ApiAnswerMapper("hh", tokens, health, json);
    }

    @BindToRegistry(value = "hhPoll", lazy = true)
    public HhNegotiationsPoll hhPoll(@BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("jobState") KafkaStateStore jobs) {
        return new HhNegotiationsPoll(perPage, pollInterval, new HhLinks(baseUrl), () -> publisher,
                externalJobIds(jobs));
    }

    @BindToRegistry(value = "hhEmployer", lazy = true)
    public HhEmployer hhEmployer() {
        return new HhEmployer(employerId);
    }

    /** The steps of route hh-job (routes/jobs-hh.camel.yaml). */
    @BindToRegistry(value = "hhJobs", lazy = true)
    public HhJobSteps hhJobs(@BeanInject("hhJobRecords") JobState records) {
        return new HhJobSteps(enabled, records);
    }

    /** The search of route hh-publish through the vacancies a 403 duplicate names. */
    @BindToRegistry(value = "hhDuplicates", lazy = true)
    public HhDuplicates hhDuplicates() {
        return new HhDuplicates();
    }

    /** The edits of an update in route hh-job, the record following each. */
    @BindToRegistry(value = "hhVacancyEdits", lazy = true)
    public HhVacancyEdits hhVacancyEdits(@BeanInject("hhJobRecords") JobState records) {
        return new HhVacancyEdits(records);
    }

    /** The employer's active vacancies, plus those the bundle published (CONTRACT.md section 6). */
    @BindToRegistry(value = "hhVacancies", lazy = true)
    public HhVacancies hhVacancies(@BeanInject("jobState") KafkaStateStore jobs,
            @BeanInject("hhPolledVacancies") HhPolledVacancies polledVacancies) {
        return new HhVacancies(vacancyIds, managerIds, perPage, () -> published(vacancies(jobs)), polledVacancies);
    }

    /** What the application state's retention may forget of the negotiations. */
    @BindToRegistry(value = "hhApplicationsRetention", lazy = true)
    public ApplicationRetention.Rule hhApplicationsRetention(
            @BeanInject("hhPolledVacancies") HhPolledVacancies polledVacancies) {
        return new HhRetentionRule(enabled, polledVacancies, Clock.systemUTC());
    }

    /** Which vacancies the poll stopped reading: the retention may forget their negotiations. */
    @BindToRegistry(value = "hhPolledVacancies", lazy = true)
    public HhPolledVacancies hhPolledVacancies(@BeanInject("pollerLeadership") PollerLeadership leadership) {
        HhPolledVacancies polled = new HhPolledVacancies(retentionInterval);
        leadership.onLeadershipWon(polled::leads);
        return polled;
    }

    @BindToRegistry(value = "hhPollGuard", lazy = true)
    public HhPollGuard hhPollGuard() {
        return new HhPollGuard(settings());
    }

    @BindToRegistry(value = "hhHealth", lazy = true)
    public HhHealthCheck hhHealth(@BeanInject("hhOAuthTokens") HhOAuthTokens tokens, CamelContext context) {
        return new HhHealthCheck(settings(), tokens, ReadinessCheck.countsForReadiness(context));
    }

    @BindToRegistry(value = "hhStatusCommands", lazy = true)
    public HhStatusCommands hhStatusCommands(@BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("jobState") KafkaStateStore jobs) {
        return new HhStatusCommands(enabled, new HhLinks(baseUrl), () -> publisher, externalJobIds(jobs));
    }

    @BindToRegistry(value = "hhActedBefore", lazy = true)
    public HhActedBefore hhActedBefore() {
        return new HhActedBefore();
    }

    @BindToRegistry(value = "hhWebhookGuard", lazy = true)
    public HhWebhookGuard hhWebhookGuard() {
        return new HhWebhookGuard(settings(), webhookEnabled, webhookSecret);
    }

    @BindToRegistry(value = "hhWebhook", lazy = true)
    public HhWebhook hhWebhook(@BeanInject("watermarkState") KafkaStateStore state,
            @BeanInject("applicationPublisher") ApplicationPublisher publisher,
            @BeanInject("jobState") KafkaStateStore jobs) {
        return new HhWebhook(webhookSecret, () -> state, () -> publisher, externalJobIds(jobs), polledVacancies(jobs),
                webhookGiveUpAfter, Clock.systemUTC());
    }

    /**
     * Whether the webhooks' negotiations of a vacancy are the bundle's: with {@value HhVacancies#ACTIVE} any (the list
     * changes each poll), else one of {@code bridge.hh.vacancy-ids} or one the bundle published, open or closed since
     * (a negotiation of an archived vacancy still changes: a hire after the archive). hh.ru's webhook subscription
     * cannot be narrowed to these: its one setting, {@code vacancies_only_mine}, would also drop listed vacancies of
     * other managers.
     */
    private Predicate<String> polledVacancies(KafkaStateStore jobs) {
        if (HhVacancies.ACTIVE.equalsIgnoreCase(vacancyIds.trim())) {
            return vacancyId -> true;
        }
        Set<String> listed = new HashSet<>(HhVacancies.ids(vacancyIds));
        UnaryOperator<String> published = externalJobIds(jobs);
        return vacancyId -> listed.contains(vacancyId) || vacancyId != null && published.apply(vacancyId) != null;
    }

    /** The pool the webhook notifications are handled on, of thread pool profile hh-webhook (camel.threadpool.*). */
    @BindToRegistry(value = "hhWebhookPool", lazy = true)
    public ExecutorService hhWebhookPool(CamelContext context) {
        return Objects.requireNonNull(context.getExecutorServiceManager().newThreadPool(this, "hh-webhook",
                "hh-webhook"), "no thread pool profile hh-webhook: set camel.threadpool.config[hh-webhook].*");
    }

    @BindToRegistry(value = "hhWebhookHandOff", lazy = true)
    public HhWebhookHandOff hhWebhookHandOff(@BeanInject("hhWebhookPool") ExecutorService pool) {
        return new HhWebhookHandOff((ThreadPoolExecutor) pool);
    }

    @BindToRegistry(value = "hhWebhookSubscription", lazy = true)
    public HhWebhookSubscription hhWebhookSubscription() {
        return new HhWebhookSubscription(webhookPublicUrl, webhookSecret);
    }

    private HhSettings settings() {
        return new HhSettings(enabled, userAgent, vacancyIds);
    }

    /** hh.ru reads HH-User-Agent first; some proxies rewrite User-Agent, so both carry the same name. */
    private Map<String, String> agent() {
        return settings().userAgentMissing() ? Map.of() : Map.of("User-Agent", userAgent, "HH-User-Agent", userAgent);
    }

    /** The hh.ru side of {@code jobState}: vacancies the bundle published. */
    private static JobState vacancies(KafkaStateStore jobs) {
        return new JobState(jobs, Board.HH);
    }

    /** One pass over the jobs per page or negotiation: vacancies published meanwhile are found. */
    private static UnaryOperator<String> externalJobIds(KafkaStateStore jobs) {
        return vacancyId -> vacancies(jobs).externalIdsByJobId().get(vacancyId);
    }

    /** The hh.ru ids of the open vacancies the bundle published. */
    private static Set<String> published(JobState vacancies) {
        Set<String> ids = new HashSet<>();
        vacancies.forEach((externalId, record) -> {
            if (record.status() == JobRecord.Status.ACTIVE) {
                ids.add(record.jobId());
            }
        });
        return ids;
    }
}
