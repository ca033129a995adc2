package ru.rabota.sandbox.hh;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook subscriptions of the token's user and the delivery of notifications to them: each on a background
 * thread, retried after a failure with growing pauses, the same {@code id} every time.
 */
final class HhWebhooks implements HhState.Events, AutoCloseable {

    static final String NEW_NEGOTIATION = "NEW_NEGOTIATION_VACANCY";
    static final String NEW_RESPONSE_OR_INVITATION = "NEW_RESPONSE_OR_INVITATION_VACANCY";
    static final String EMPLOYER_STATE_CHANGE = "NEGOTIATION_EMPLOYER_STATE_CHANGE";
    static final Set<String> TYPES = Set.of(NEW_NEGOTIATION, NEW_RESPONSE_OR_INVITATION, EMPLOYER_STATE_CHANGE,
            "VACANCY_ARCHIVATION", "VACANCY_CHANGE", "VACANCY_PROLONGATION",
            "VACANCY_PUBLICATION_FOR_VACANCY_MANAGER");

    /** {@code actions} as the subscriber sent them: objects with {@code type} and optional {@code settings}. */
    record Subscription(String id, String url, ArrayNode actions) {

        boolean listensTo(String type) {
            for (var action : actions) {
                if (action.path("type").asText().equals(type)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Notification(String id, String url, String actionType, String body) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HhWebhooks.class);

    private final String employerId;
    private final String managerId;
    private final Duration timeout;
    private final Duration retryDelay;
    private final int maxAttempts;
    private final HttpClient http;
    private final ScheduledExecutorService sender = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "hh-sim-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, Notification> notifications = new LinkedHashMap<>();
    private final List<HhWebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    // attempts due while delivery is paused, in order
    private final List<Runnable> held = new ArrayList<>();
    private boolean delivering = true;
    private int lastSubscriptionId;

    HhWebhooks(HhSimulatorConfig config) {
        this.employerId = config.employerId();
        this.managerId = config.managerId();
        this.timeout = config.webhookTimeout();
        this.retryDelay = config.webhookRetryDelay();
        this.maxAttempts = config.webhookMaxAttempts();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The new subscription's id; empty when the user already has one (one per user and application). */
    synchronized Optional<String> subscribe(String url, ArrayNode actions) {
        if (!subscriptions.isEmpty()) {
            return Optional.empty();
        }
        String id = Integer.toString(++lastSubscriptionId);
        subscriptions.put(id, new Subscription(id, url, actions));
        return Optional.of(id);
    }

    synchronized List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /** Replaces the given parts (null keeps one); false for an unknown subscription. */
    synchronized boolean change(String id, String url, ArrayNode actions) {
        Subscription old = subscriptions.get(id);
        if (old == null) {
            return false;
        }
        subscriptions.put(id, new Subscription(id, url == null ? old.url() : url,
                actions == null ? old.actions() : actions));
        return true;
    }

    synchronized boolean cancel(String id) {
        return subscriptions.remove(id) != null;
    }

    @Override
    public void arrived(HhNegotiation negotiation) {
        String date = HhJson.time(negotiation.createdAt());
        notify(NEW_NEGOTIATION, payload(negotiation).put("negotiation_date", date));
        notify(NEW_RESPONSE_OR_INVITATION, payload(negotiation).put("response_date", date));
    }

    @Override
    public void employerStateChanged(HhNegotiation before, HhNegotiation after) {
        notify(EMPLOYER_STATE_CHANGE, payload(after)
                .put("from_state", before.employerStateId())
                .put("to_state", after.employerStateId())
                .put("employer_manager_id", managerId)
                .put("transferred_at", HhJson.time(after.updatedAt())));
    }

    List<HhWebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Sends an already sent notification once more, without retries: a duplicate, as hh.ru may send one. */
    synchronized void redeliver(String notificationId) {
        Notification notification = notifications.get(notificationId);
        if (notification == null) {
            throw new IllegalArgumentException("No notification " + notificationId);
        }
        int attempts = (int) deliveries.stream().filter(d -> d.notificationId().equals(notificationId)).count();
        submit(() -> attempt(notification, attempts + 1, false), Duration.ZERO);
    }

    /** Pauses (false) or resumes (true) delivery; notifications due meanwhile go out on resume, in order. */
    synchronized void deliver(boolean on) {
        delivering = on;
        if (on) {
            held.forEach(sender::execute);
            held.clear();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }

    private ObjectNode payload(HhNegotiation negotiation) {
        ObjectNode payload = HhJson.MAPPER.createObjectNode()
                .put("topic_id", negotiation.id())
                .put("vacancy_id", negotiation.vacancyId())
                .put("employer_id", employerId);
        return negotiation.resume() == null ? payload.putNull("resume_id")
                : payload.put("resume_id", negotiation.resume().id());
    }

    private synchronized void notify(String actionType, ObjectNode payload) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.listensTo(actionType)) {
                String id = UUID.randomUUID().toString();
                ObjectNode body = HhJson.MAPPER.createObjectNode()
                        .put("id", id)
                        .put("subscription_id", subscription.id())
                        .put("action_type", actionType)
                        .put("user_id", HhJson.USER_ID);
                body.set("payload", payload);
                Notification notification = new Notification(id, subscription.url(), actionType, body.toString());
                notifications.put(id, notification);
                submit(() -> attempt(notification, 1, true), Duration.ZERO);
            }
        }
    }

    private synchronized void submit(Runnable attempt, Duration delay) {
        Runnable due = () -> {
            synchronized (this) {
                if (!delivering) {
                    held.add(attempt);
                    return;
                }
            }
            attempt.run();
        };
        try {
            sender.schedule(due, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the simulator closed: nothing more is delivered
        }
    }

    private void attempt(Notification notification, int attempt, boolean retry) {
        int status = post(notification);
        HhWebhookDelivery delivery = new HhWebhookDelivery(notification.url(), notification.id(),
                notification.actionType(), notification.body(), status, attempt);
        deliveries.add(delivery);
        if (!delivery.succeeded() && retry && attempt < maxAttempts) {
            submit(() -> attempt(notification, attempt + 1, true), retryDelay.multipliedBy(attempt));
        }
    }

    private int post(Notification notification) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(notification.url())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(notification.body()))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            LOG.debug("hh.ru simulator webhook to {} failed: {}", notification.url(), e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
