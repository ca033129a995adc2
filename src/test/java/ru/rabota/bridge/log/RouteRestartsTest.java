package ru.rabota.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.event.RouteRestartingFailureEvent;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;

/**
 * A supervised route whose consumer cannot be made for a while (a Kafka consumer whose brokers' names do not
 * resolve): one WARN line naming the cause, one INFO line once it starts; Camel's two INFO lines per attempt are
 * left out by the logging configuration.
 */
class RouteRestartsTest {

    /** Starts of the consumer that fail before one succeeds. */
    private final AtomicInteger failures = new AtomicInteger(6);

    @Test
    void aRouteThatDoesNotStartIsOneWarnLineAndOneInfoLineWhenItStarts() throws Exception {
        try (LogCapture logs = new LogCapture(); CamelContext context = new DefaultCamelContext()) {
            SupervisingRouteController routes = context.getRouteController().supervising();
            routes.setBackOffDelay(50);
            routes.setInitialDelay(0);
            context.getManagementStrategy().addEventNotifier(new RouteRestarts());
            context.addComponent("flaky", new Flaky(() -> {
                if (failures.getAndDecrement() > 0) {
                    throw new KafkaException("Failed to construct kafka consumer", new ConfigException(
                            "No resolvable bootstrap urls given in bootstrap.servers"));
                }
            }));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("flaky:consumer").routeId("flaky-route").log("never");
                }
            });
            context.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> context.getRouteController()
                    .getRouteStatus("flaky-route") == ServiceStatus.Started);
            await().atMost(Duration.ofSeconds(5)).until(() -> logs.lines("INFO", "RouteRestarts") == 1);

            assertThat(logs.lines("WARN", "")).as(logs.text()).isOne();
            assertThat(logs.text()).contains("WARN ru.rabota.bridge.log.RouteRestarts Route flaky-route does not"
                    + " start: Failed to construct kafka consumer: No resolvable bootstrap urls given in"
                    + " bootstrap.servers; started again every camel.route-controller.back-off-delay")
                    .containsPattern("INFO ru.rabota.bridge.log.RouteRestarts Route flaky-route started, after \\d+"
                            + " failed restarts since 20")
                    .doesNotContain("Restarting route").doesNotContain("Failed restarting route");
        }
    }

    /**
     * A route whose start fails because the context stops meanwhile (Camel's supervising controller still starting
     * the routes when a misconfigured state topic stops the start): no trouble to report, so no WARN line. Before, the
     * jar's only ERROR line was followed by "Route activity-summary does not start: ConcurrentModificationException".
     */
    @Test
    void aRouteThatFailsToStartWhileTheContextStopsIsNoWarnLine() throws Exception {
        try (LogCapture logs = new LogCapture(); CamelContext context = new DefaultCamelContext()) {
            CountDownLatch stopping = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws InterruptedException {
                    stopping.countDown();
                    stopped.await(10, TimeUnit.SECONDS);
                }
            });
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").routeId("stopped-route").log("never");
                }
            });
            context.start();
            Route route = context.getRoute("stopped-route");
            Thread stop = new Thread(context::stop);
            stop.start();
            assertThat(stopping.await(10, TimeUnit.SECONDS)).isTrue();

            new RouteRestarts().notify(new RouteRestartingFailureEvent(route, 1,
                    new ConcurrentModificationException(), false));
            stopped.countDown();
            stop.join();

            assertThat(logs.lines("WARN", "")).as(logs.text()).isZero();
        }
    }

    /** Endpoints whose consumer runs {@code start} first, which throws what its start is to fail with. */
    private static final class Flaky extends DefaultComponent {

        private final Runnable start;

        Flaky(Runnable start) {
            this.start = start;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            return new DefaultEndpoint(uri, this) {
                @Override
                public Producer createProducer() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Consumer createConsumer(Processor processor) {
                    return new DefaultConsumer(this, processor) {
                        @Override
                        protected void doStart() throws Exception {
                            start.run();
                            super.doStart();
                        }
                    };
                }
            };
        }
    }
}
