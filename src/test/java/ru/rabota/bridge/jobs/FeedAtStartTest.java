package ru.rabota.bridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

/**
 * A feed already in the inbox when the bundle starts is published in the file consumer's first poll, which lasts as
 * long as the feed (minutes for a large one, the whole outage while VK Работа is down). Camel's check of that
 * consumer is DOWN until its first poll ends, so readiness was DOWN all that time, and a Kubernetes pod with a feed
 * waiting was taken out of its Service (no webhooks) though it works as it should.
 */
class FeedAtStartTest extends FeedTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean held = new AtomicBoolean();
    private Path dropped;

    /** The feed is in the inbox before the bundle starts, and VK Работа holds its POST /jobs. */
    @Override
    protected void start() {
        sim.faults().beforeEach(path -> {
            if (path.equals("/jobs")) {
                held.set(true);
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        dropped = putInInbox("at-start.csv", oneRow("FEED-AT-START"));
        super.start();
    }

    @Test
    void anInstancePublishingAFeedFoundAtStartIsReady() {
        try {
            await().atMost(Duration.ofSeconds(30)).until(held::get);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(notUp()).as("readiness checks not UP").isEmpty());
            assertThat(dropped).as("the feed is still being published").exists();
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.notExists(dropped));
        assertThat(events("FEED-AT-START", 1)).extracting(event -> event.path("event").asText())
                .containsExactly("created");
    }

    private List<String> notUp() {
        return HealthCheckHelper.invokeReadiness(app.context(), "full").stream()
                .filter(result -> result.getState() != HealthCheck.State.UP)
                .map(result -> result.getCheck().getId() + " " + result.getState() + " " + result.getMessage().orElse(""))
                .toList();
    }
}
