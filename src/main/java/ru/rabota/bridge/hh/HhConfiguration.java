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
 * ({@code hhStatusCommands}), of the job commands ({@code hhJobs}, {@code hhEmployer}) and of the webhooks
 * ({@code hhWebhook}, {@code hhWebhookSubscription}), the route policies {@code hhPollGuard} and
 * {@code hhWebhookGuard}, and the readiness check {@code hhHealth} (id {@code hh}).
 * Everything is bound whether or not hh.ru is enabled; the guards decide which routes start.
 */
public class HhConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.hh.enabled", defaultValue = "false")
    boolean enabled;
    @PropertyInject(value = "bridge.hh.base-url", defaultValue = "https://api.hh.ru")
    String baseUrl;
    @PropertyInject(value = "bridge.hh.token-url", defaultValue = "https://api.hh.ru/token")
    String tokenUrl;
    @PropertyInject(value = "bridge.hh.per-page", defaultValue = "50")
    int perPage;
    @PropertyInject(value = "bridge.hh.vacancy-ids", defaultValue = HhVacancies.ACTIVE)
    String vacancyIds;
    @PropertyInject(value = "bridge.hh.webhook.enabled", defaultValue = "false")
    boolean webhookEnabled;

    @Override
    public void configure(CamelContext context) throws Exception {
        String accessToken = optional(context, "bridge.hh.access-token");
        String refreshToken = optional(context, "bridge.hh.refresh-token");
        String clientId = optional(context, "bridge.hh.client-id");
        String clientSecret = optional(context, "bridge.hh.client-secret");
        String userAgent = optional(context, "bridge.hh.user-agent");
        String employerId = optional(context, "bridge.hh.employer-id");
        String webhookSecret = optional(context, "bridge.hh.webhook.secret");
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
        registry.bind("hhJobs", HhJobSteps.class, () -> new HhJobSteps(enabled, vacancies.get()));
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
        registry.bind("hhWebhookSubscription", new HhWebhookSubscription(
                optional(context, "bridge.hh.webhook.public-url"), webhookSecret));
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

    /** A property whose default is empty (which {@code @PropertyInject} cannot express). */
    private static String optional(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("");
    }

    /** A bean of another configuration, looked up on first use: configurations run in no set order. */
    private static <T> Supplier<T> lookup(CamelContext context, String name, Class<T> type) {
        return () -> CamelContextHelper.mandatoryLookup(context, name, type);
    }
}
