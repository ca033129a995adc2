package ru.rabota.bridge.hh;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.api.ApiHttp;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.jobs.Board;
import ru.rabota.bridge.jobs.JobRecord;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.vk.VkOperations;

/**
 * Binds the hh.ru side: {@code hhApi} (the call processor of {@code routes/hh-api.camel.yaml}, with the OAuth pair),
 * the steps of the negotiations poll ({@code hhPoll}, {@code hhVacancies}), of the status commands
 * ({@code hhStatusCommands}) and of the webhooks ({@code hhWebhook}, {@code hhWebhookSubscription}), the route
 * policies {@code hhPollGuard} and {@code hhWebhookGuard}, and the readiness check {@code hhHealth} (id {@code hh}).
 * Everything is bound whether or not hh.ru is enabled; the guards decide which routes start.
 */
public class HhConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.hh.enabled")
    boolean enabled;
    @PropertyInject("bridge.hh.base-url")
    String baseUrl;
    @PropertyInject("bridge.hh.token-url")
    String tokenUrl;
    @PropertyInject("bridge.hh.per-page")
    int perPage;
    @PropertyInject("bridge.hh.vacancy-ids")
    String vacancyIds;
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

    @Override
    public void configure(CamelContext context) throws Exception {
        HhSettings settings = new HhSettings(enabled, userAgent, vacancyIds);
        // hh.ru reads HH-User-Agent first; some proxies rewrite User-Agent, so both carry the same name
        Map<String, String> agent = settings.userAgentMissing() ? Map.of()
                : Map.of("User-Agent", userAgent, "HH-User-Agent", userAgent);
        URI token = URI.create(tokenUrl);
        ApiHealth health = ApiHealth.bind(context, "hh", "hh.ru API");
        ApiHttp tokenHttp = new ApiHttp(context, "hh", token.getScheme() + "://" + token.getRawAuthority(), agent,
                health);
        HhOAuthTokens tokens = new HhOAuthTokens(lookup(context, "watermarkState", KafkaStateStore.class),
                new HhOAuthTokens.Client(tokenHttp, token.getRawPath(), clientId, clientSecret), accessToken,
                refreshToken);

        Registry registry = context.getRegistry();
        registry.bind("hhApi", new HhApiCall(new ApiHttp(context, "hh", baseUrl, agent, health), tokens,
                BridgeJson.MAPPER));
        HhLinks links = new HhLinks(baseUrl);
        Supplier<ApplicationPublisher> publisher = lookup(context, "applicationPublisher", ApplicationPublisher.class);
        Supplier<JobState> vacancies = () -> new JobState(CamelContextHelper.mandatoryLookup(context, "jobState",
                KafkaStateStore.class), Board.HH);
        // one pass over the jobs per page or negotiation: vacancies published meanwhile are found
        UnaryOperator<String> externalJobIds = vacancyId -> vacancies.get().externalIdsByJobId().get(vacancyId);
        registry.bind("hhPoll", new HhNegotiationsPoll(perPage, links, publisher, externalJobIds));
        registry.bind("hhEmployer", HhEmployer.class, () -> new HhEmployer(employerId,
                CamelContextHelper.mandatoryLookup(context, "vkOperations", VkOperations.class)));
        registry.bind("hhVacancyPublisher", HhVacancyPublisher.class, () -> new HhVacancyPublisher(enabled,
                vacancies.get(), CamelContextHelper.mandatoryLookup(context, "vkOperations", VkOperations.class),
                CamelContextHelper.mandatoryLookup(context, "hhEmployer", HhEmployer.class), context::isStopping));
        // the employer's active vacancies, plus those the bundle published (CONTRACT.md section 6)
        registry.bind("hhVacancies", HhVacancies.class, () -> new HhVacancies(vacancyIds,
                CamelContextHelper.mandatoryLookup(context, "hhEmployer", HhEmployer.class), perPage,
                () -> published(vacancies.get())));
        registry.bind("hhPollGuard", new HhPollGuard(settings));
        registry.bind("hhHealth", new HhHealthCheck(settings, tokens));
        registry.bind("hhStatusCommands", new HhStatusCommands(links, publisher, externalJobIds));
        registry.bind("hhWebhookGuard", new HhWebhookGuard(settings, webhookEnabled, webhookSecret));
        registry.bind("hhWebhook", new HhWebhook(webhookSecret, lookup(context, "watermarkState",
                KafkaStateStore.class), publisher, externalJobIds, Clock.systemUTC()));
        registry.bind("hhWebhookSubscription", new HhWebhookSubscription(webhookPublicUrl, webhookSecret));
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

    /** A bean of another configuration, looked up on first use: configurations run in no set order. */
    private static <T> Supplier<T> lookup(CamelContext context, String name, Class<T> type) {
        return () -> CamelContextHelper.mandatoryLookup(context, name, type);
    }
}
