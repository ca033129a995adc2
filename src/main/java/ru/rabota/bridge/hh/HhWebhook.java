package ru.rabota.bridge.hh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.applications.ApplicationPublisher;
import ru.rabota.bridge.applications.ApplicationSnapshot;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * The steps of the hh.ru webhook routes ({@code routes/hh-webhook.camel.yaml}), bound as {@code hhWebhook}.
 * hh.ru signs nothing (webhooks.txt): a secret in the path and reading the negotiation back through the API are the
 * defence, so a notification only says which negotiation to read. The answer is {@code 204} at once (hh.ru repeats
 * a notification not answered within 2 s); the notification is handled after it. A notification {@code id} handled
 * before (of the same {@code action_type}, user and subscription) is not handled again: handled ids are kept in
 * {@code watermarkState} (key {@value #SEEN}{@code <action_type>:<user_id>:<subscription_id>:<id>}, shared
 * by every instance, kept {@value #KEEP_DAYS} days). Polling stays the fallback: hh.ru does not promise delivery, and
 * a notification that fails here is found by the next poll. hh.ru notifies of every vacancy the token's user can see,
 * so a negotiation of a vacancy the poll does not read is handled without an event ({@link #ofPolledVacancy}).
 * The handling runs on a pool of its own ({@link HhWebhookHandOff}), and a negotiation's read gives up after
 * {@code bridge.hh.webhook.give-up-after}: the pool's threads do not wait out an hh.ru outage.
 */
public final class HhWebhook {

    /** The notifications that name a negotiation ({@code payload.topic_id}) whose event may be new. */
    public static final Set<String> NEGOTIATION_TYPES = Set.of("NEW_NEGOTIATION_VACANCY",
            "NEW_RESPONSE_OR_INVITATION_VACANCY", "NEGOTIATION_EMPLOYER_STATE_CHANGE");
    /** Exchange property: the notification being handled. */
    public static final String NOTIFICATION = "bridgeHhNotification";

    static final String SEEN = "hh:webhook:";
    static final int KEEP_DAYS = 7;

    private static final Logger LOG = LoggerFactory.getLogger(HhWebhook.class);
    private static final int SHOWN_BODY = 200;
    /** hh.ru's negotiation ids are numbers, as a status command's (HhStatusCommands). */
    private static final Pattern NEGOTIATION_ID = Pattern.compile("\\d{1,18}");
    /** The one condition of {@link #unhandled}: webhooks fail one after another. */
    private static final String UNHANDLED = "webhooks";

    private final byte[] expected;
    private final Supplier<KafkaStateStore> store;
    private final Supplier<ApplicationPublisher> publisher;
    private final UnaryOperator<String> externalJobIds;
    private final Predicate<String> polledVacancies;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final Troubles unhandled = new Troubles();
    private volatile Instant lastPruned = Instant.EPOCH;

    /**
     * @param secret    {@code bridge.hh.webhook.secret}, the last segment of the webhook path
     * @param store     {@code watermarkState}, looked up on first use
     * @param publisher {@code applicationPublisher}, looked up on first use
     * @param externalJobIds the customer's external_id of a vacancy the bundle published, by vacancy id
     * @param polledVacancies whether the poll reads a vacancy, by its id (null when the negotiation names none)
     * @param giveUpAfter {@code bridge.hh.webhook.give-up-after}, how long the read of a negotiation retries
     */
    public HhWebhook(String secret, Supplier<KafkaStateStore> store, Supplier<ApplicationPublisher> publisher,
            UnaryOperator<String> externalJobIds, Predicate<String> polledVacancies, Duration giveUpAfter,
            Clock clock) {
        this.expected = secret.getBytes(StandardCharsets.UTF_8);
        this.store = store;
        this.publisher = publisher;
        this.externalJobIds = externalJobIds;
        this.polledVacancies = polledVacancies;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
    }

    /**
     * Answers the POST in the exchange: 404 without body for a wrong secret (no API call follows), else 204. Sets
     * property {@value #NOTIFICATION} to the notification to handle after the answer, none for a wrong secret, a
     * notification of another kind or an unreadable one (logged once at WARN: hh.ru would repeat an error answer).
     */
    public void answer(Exchange exchange) {
        Message message = exchange.getMessage();
        String given = message.getHeader("secret", "", String.class);
        boolean known = expected.length > 0
                && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
        // the secret first: a wrong one is not found whatever the method (a restriction to POST answered it 405)
        boolean posted = "POST".equals(message.getHeader(Exchange.HTTP_METHOD, String.class));
        byte[] body = known && posted ? message.getBody(byte[].class) : null;
        message.setBody(null);
        // the answer carries what is set here alone: the request's headers, and a form body's fields (a JSON body
        // sent as a form, curl -d '{}', has a field named {}), would go back as its headers, and a name no HTTP
        // header can have made the answer a 500 with an ERROR line
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, !known ? 404 : posted ? 204 : 405);
        if (known && !posted) {
            message.setHeader("Allow", "POST");
        }
        JsonNode notification = known && posted ? notification(body) : null;
        if (notification != null) {
            exchange.setProperty(NOTIFICATION, notification);
        }
    }

    /** Whether the notification in property {@value #NOTIFICATION} is new: no instance handled it before. */
    public boolean unseen(Exchange exchange) {
        return store.get().get(seen(exchange)).isEmpty();
    }

    /**
     * Sets the negotiation to read, the notification's {@code payload.topic_id}, when it is asked for, and how long
     * the read retries: the pool's threads are not to wait out an outage, the poll reads it later.
     */
    public void negotiationRequest(Exchange exchange) {
        JsonNode notification = exchange.getProperty(NOTIFICATION, JsonNode.class);
        exchange.getMessage().setHeader(HhStatusCommands.NEGOTIATION_ID,
                notification.path("payload").path("topic_id").asText());
        exchange.setProperty(HhStatusCommands.ASKED_AT, clock.instant());
        exchange.setProperty(ApiHeaders.GIVE_UP_AFTER, giveUpAfter);
    }

    /**
     * Whether the notification's vacancy ({@code payload.vacancy_id}, which every negotiation payload carries) is one
     * the poll reads, or it names none: one that is not is handled without reading its negotiation (a call with the
     * employer's token, sharing hh.ru's limits with the polls and the commands), as {@link #ofPolledVacancy} would.
     */
    public boolean namesPolledVacancy(Exchange exchange) {
        String vacancyId = exchange.getProperty(NOTIFICATION, JsonNode.class).path("payload").path("vacancy_id")
                .asText("");
        return vacancyId.isEmpty() || polled(exchange, vacancyId);
    }

    /**
     * Body: the negotiation read. Whether the poll reads its vacancy: with an explicit {@code bridge.hh.vacancy-ids}
     * one listed or published by the bundle, with {@code active} any. Else a DEBUG line: the bundle emits nothing of
     * vacancies it was not asked to poll, whatever hh.ru notifies of.
     */
    public boolean ofPolledVacancy(Exchange exchange) {
        return polled(exchange, exchange.getMessage().getBody(JsonNode.class).path("vacancy").path("id")
                .asText(null));
    }

    private boolean polled(Exchange exchange, String vacancyId) {
        if (polledVacancies.test(vacancyId)) {
            return true;
        }
        JsonNode notification = exchange.getProperty(NOTIFICATION, JsonNode.class);
        LOG.debug("hh.ru webhook {} {}: negotiation {} is of vacancy {}, neither in bridge.hh.vacancy-ids nor"
                + " published by the bridge: no event", notification.path("action_type").asText(), id(exchange),
                notification.path("payload").path("topic_id").asText(), vacancyId);
        return false;
    }

    /** Body: the negotiation read, of a polled vacancy. Emits its event (once). */
    public void negotiationReceived(Exchange exchange) {
        ApplicationSnapshot snapshot = HhApplications.single(exchange.getMessage().getBody(JsonNode.class),
                externalJobIds, exchange.getProperty(HhStatusCommands.ASKED_AT, Instant.class));
        JsonNode notification = exchange.getProperty(NOTIFICATION, JsonNode.class);
        int emitted = snapshot == null ? 0 : publisher.get().publish(List.of(snapshot), null, Map.of()).emitted();
        // an event has no line of its own (the activity line counts them): one per notification would be one per
        // application, two for a new one
        LOG.debug("hh.ru webhook {} {}: negotiation {} {}", notification.path("action_type").asText(), id(exchange),
                notification.path("payload").path("topic_id").asText(), emitted > 0
                        ? "emitted as " + snapshot.status() : "had no new status (emitted before)");
    }

    /** Remembers the notification as handled, whether or not it made an event. */
    public void handled(Exchange exchange) {
        store.get().put(seen(exchange), clock.instant().toString());
        unhandled.ends(UNHANDLED).ifPresent(trouble -> LOG.info("hh.ru webhooks are handled again, after {} not handled"
                + " since {} (the polls read their negotiations)", trouble.timesText("webhook"),
                trouble.since()));
        pruneNowAndThen();
    }

    /**
     * The poll finds the negotiation later. One WARN line for the first webhook not handled, a DEBUG line for each
     * after it (a Kafka outage fails them all), one INFO line when one is handled again. A refused access was logged
     * once already.
     */
    public void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof HhAccessException) {
            return;
        }
        String negotiation = exchange.getProperty(NOTIFICATION, JsonNode.class).path("payload").path("topic_id")
                .asText();
        unhandled.came(UNHANDLED, LOG, "hh.ru webhook {} for negotiation {} not handled ({}); the next poll reads"
                + " it, and the negotiations of the webhooks not handled after it (one line when one is)",
                "hh.ru webhook {} for negotiation {} not handled either: {}", id(exchange), negotiation,
                LogText.reason(failure));
    }

    private JsonNode notification(byte[] body) {
        String problem;
        JsonNode notification = null;
        try {
            notification = body == null || body.length == 0 ? null : BridgeJson.MAPPER.readTree(body);
            if (notification != null && notification.isObject() && notification.hasNonNull("action_type")
                    && !NEGOTIATION_TYPES.contains(notification.path("action_type").asText())) {
                // a vacancy's event, which a subscription made by hand may carry: no negotiation, nothing to say
                LOG.debug("hh.ru webhook of type {} ignored", LogText.cut(notification.path("action_type").asText()));
                return null;
            }
            String topicId = notification == null ? "" : notification.path("payload").path("topic_id").asText("");
            problem = notification == null || !notification.isObject() ? "not a JSON object"
                    : topicId.isEmpty() ? "no payload.topic_id"
                    // it becomes the path of a call with the employer's token: /negotiations/me is no negotiation
                    : !NEGOTIATION_ID.matcher(topicId).matches() ? "payload.topic_id is no negotiation id"
                    : notification.path("id").asText("").isEmpty() ? "no id"
                    : notification.path("action_type").asText("").isEmpty() ? "no action_type" : null;
        } catch (IOException e) {
            problem = "not JSON";
        }
        if (problem != null) {
            LOG.warn("hh.ru webhook ignored, {}: {}", problem, shown(body));
            return null;
        }
        String type = notification.path("action_type").asText();
        return NEGOTIATION_TYPES.contains(type) ? notification : null;
    }

    /** Drops handled ids older than {@value #KEEP_DAYS} days, at most once an hour: hh.ru repeats within hours. */
    private void pruneNowAndThen() {
        Instant now = clock.instant();
        if (Duration.between(lastPruned, now).toHours() < 1) {
            return;
        }
        lastPruned = now;
        Instant oldest = now.minus(Duration.ofDays(KEEP_DAYS));
        List<String> old = new ArrayList<>();
        store.get().forEach((key, value) -> {
            if (key.startsWith(SEEN) && Instant.parse(value).isBefore(oldest)) {
                old.add(key);
            }
        });
        old.forEach(store.get()::remove);
    }

    /**
     * The key a handled notification is kept under: its type, user, subscription and id, as hh.ru's id is unique only
     * "for the pair user + application within one type of event in the subscription" (post-webhook-subscription): a
     * subscription made again (access revoked and given back) may send the ids of the one before.
     */
    private static String seen(Exchange exchange) {
        JsonNode notification = exchange.getProperty(NOTIFICATION, JsonNode.class);
        return SEEN + notification.path("action_type").asText() + ":" + notification.path("user_id").asText("") + ":"
                + notification.path("subscription_id").asText("") + ":" + id(exchange);
    }

    private static String id(Exchange exchange) {
        return exchange.getProperty(NOTIFICATION, JsonNode.class).path("id").asText();
    }

    private static String shown(byte[] body) {
        if (body == null) {
            return "(empty)";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= SHOWN_BODY ? text : text.substring(0, SHOWN_BODY) + "… (" + body.length + " bytes)";
    }
}
