package ru.rabota.bridge.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
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
            context.addComponent("flaky", new Flaky());
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

    /** Endpoints whose consumer fails to start {@link #failures} times, as a Kafka consumer that cannot be made. */
    private final class Flaky extends DefaultComponent {

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
                            if (failures.getAndDecrement() > 0) {
                                throw new KafkaException("Failed to construct kafka consumer", new ConfigException(
                                        "No resolvable bootstrap urls given in bootstrap.servers"));
                            }
                            super.doStart();
                        }
                    };
                }
            };
        }
    }
}
