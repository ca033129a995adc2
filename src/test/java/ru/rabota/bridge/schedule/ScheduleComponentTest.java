package ru.rabota.bridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.scheduler.SchedulerEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;

import ru.rabota.bridge.LogCapture;

/**
 * The consumer of a timed flow, as its route writes it ({@code schedule:<name>} with period, delay and cron from
 * properties): Camel's scheduler without a cron, and then no quartz at all; a quartz trigger on the cron as written, in
 * {@code bridge.schedule.time-zone}.
 */
class ScheduleComponentTest {

    @Test
    void withoutACronItIsTheSchedulerOfThePeriodAndQuartzIsNeverCreated() throws Exception {
        try (CamelContext context = context("")) {
            SchedulerEndpoint scheduler = (SchedulerEndpoint) context.getEndpoint(
                    "schedule:flow?period={{period}}&delay={{delay}}&cron={{cron}}");

            assertThat(scheduler.getName()).isEqualTo("flow");
            assertThat(scheduler.getDelay()).as("the period").isEqualTo(Duration.ofMinutes(15).toMillis());
            assertThat(scheduler.getInitialDelay()).isEqualTo(5000);
            assertThat(scheduler.isUseFixedDelay()).as("from the end of a run: no catch-up after a long one").isTrue();
            assertThat(scheduler.isSynchronous()).as("one run at a time").isTrue();
            assertThat(context.hasComponent(ScheduleComponent.QUARTZ)).isNull();
        }
    }

    /**
     * A flow whose first run is due at once (e.g. {@code bridge.applications.initial-delay=0s}) runs at once also
     * when its route starts after the context, as supervised routes and those of the active poller do. Camel's timer,
     * used before, skipped a run due while its consumer was still starting: some 14 % of such starts (28 of 200 here)
     * waited a whole period (a minute for the applications poll).
     */
    @Test
    void aFirstRunDueAtOnceIsMadeByARouteStartedAfterTheContext() throws Exception {
        int flows = 50;
        CountDownLatch ran = new CountDownLatch(flows);
        try (CamelContext context = context("")) {
            context.start();
            for (int i = 0; i < flows; i++) {
                String flow = "flow-" + i;
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("schedule:" + flow + "?period=60s&delay=0s&cron=").routeId(flow).process(exchange -> ran.countDown());
                    }
                });
            }

            assertThat(ran.await(10, TimeUnit.SECONDS)).as("flows that did not run: %s", ran.getCount()).isTrue();
        }
    }

    /**
     * A run that the stop ends (a state store's load interrupted, its executor shut) is no WARN line with a stack
     * trace: it was one for each timed flow at every stop while Kafka was away. A run that fails otherwise still is.
     */
    @Test
    void aRunTheStopEndsIsNoWarningAndAnotherFailureStillIs() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        try (LogCapture logs = new LogCapture(); CamelContext context = context("")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // as a failure in an active poller's catch-up reaches the consumer: no route error handler sees it
                    errorHandler(noErrorHandler());
                    from("schedule:failing?period=60s&delay=0s&cron=").routeId("failing").process(exchange -> {
                        throw new IllegalStateException("a run's own failure");
                    });
                    from("schedule:stopped?period=60s&delay=0s&cron=").routeId("stopped").process(exchange -> {
                        running.countDown();
                        while (!exchange.getContext().isStopping()) {
                            Thread.sleep(10);
                        }
                        throw new IllegalStateException("interrupted: load state rabota.state.jobs");
                    });
                }
            });
            context.start();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines("WARN", "a run's own failure") > 0);
            context.stop();

            assertThat(logs.text()).doesNotContain("interrupted: load state");
        }
    }

    /**
     * A cron flow's route stopped and started again (as the active poller's routes are when leadership leaves and
     * comes back) runs at its next cron time, not at once for a time that fell due while it was stopped: that run was
     * another instance's. Before, quartz fired it as the trigger was resumed (a second company report, say).
     */
    @Test
    void aCronFlowStartedAgainSkipsTheTimesThatFellDueWhileItWasStopped() throws Exception {
        List<Date> scheduled = new CopyOnWriteArrayList<>();
        try (CamelContext context = context("0/2 * * * * ?")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("schedule:report?period={{period}}&delay={{delay}}&cron={{cron}}").routeId("report")
                            .process(exchange -> scheduled.add(exchange.getMessage().getHeader("scheduledFireTime",
                                    Date.class)));
                }
            });
            context.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !scheduled.isEmpty());
            context.getRouteController().stopRoute("report");
            Thread.sleep(3_000);
            Date restarted = new Date();
            int before = scheduled.size();
            context.getRouteController().startRoute("report");
            await().atMost(Duration.ofSeconds(5)).until(() -> scheduled.size() > before);

            assertThat(scheduled.subList(before, scheduled.size())).allSatisfy(
                    time -> assertThat(time).as("a run after the restart").isAfterOrEqualTo(restarted));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 0 9 ? * MON-FRI", "0 0/5 9-19 ? * MON-FRI", "0 15 10 ? * 6#3", "0 0 12 L * ?",
            "0 0 9 * * ? 2030", "0/1 * * * * ?", "0 0,30 8-17 ? JAN,DEC SAT,SUN"})
    void aCronReachesQuartzAsWritten(String cron) throws Exception {
        try (CamelContext context = context(cron)) {
            QuartzEndpoint quartz = (QuartzEndpoint) context.getEndpoint(
                    "schedule:flow?period={{period}}&delay={{delay}}&cron={{cron}}");

            assertThat(quartz.getCron()).isEqualTo(cron);
        }
    }

    /**
     * In a runtime the routes are dropped into, the host's own quartz routes keep the host's quartz: its settings
     * ({@code camel.component.quartz.*}, e.g. a clustered job store), its scheduler, and no veto of their runs. The
     * bundle's component was bound as {@code quartz}, and a host's {@code properties-file} was ignored without a word.
     */
    @Test
    void aHostsOwnQuartzRoutesKeepTheHostsQuartz() throws Exception {
        try (CamelContext context = context("0 0 9 * * ?")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("schedule:report?period={{period}}&delay={{delay}}&cron={{cron}}").routeId("report")
                            .log("report");
                    from("quartz:host/heartbeat?cron=0+0+*+*+*+?").routeId("host-heartbeat").log("host");
                }
            });
            context.start();

            QuartzComponent bundles = context.getComponent(ScheduleComponent.QUARTZ, QuartzComponent.class);
            QuartzComponent hosts = context.getComponent("quartz", QuartzComponent.class);
            assertThat(hosts).isNotSameAs(bundles);
            assertThat(hosts.getScheduler()).isNotSameAs(bundles.getScheduler());
            assertThat(hosts.getScheduler().getListenerManager().getTriggerListeners()).isEmpty();
            assertThat(((QuartzEndpoint) context.getRoute("report").getEndpoint()).getComponent()).isSameAs(bundles);
        }
    }

    /** The company report at 09:00 Moscow time is at 06:00 UTC, whatever the machine's zone; at +05:00, 04:00. */
    @ParameterizedTest
    @CsvSource({"Europe/Moscow,Europe/Moscow,2030-03-02T06:00:00Z", "+05:00,GMT+05:00,2030-03-02T04:00:00Z"})
    void aCronRunsInTheConfiguredTimeZone(String zone, String quartzZone, String firstRun) throws Exception {
        // before, an offset reached quartz as "+05:00", which Java's TimeZone takes for GMT: it ran at 09:00 UTC
        try (CamelContext context = context("0 0 9 * * ?", zone)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("schedule:report?period={{period}}&delay={{delay}}&cron={{cron}}").routeId("report")
                            .log("report");
                }
            });
            context.start();

            QuartzEndpoint report = (QuartzEndpoint) context.getRoute("report").getEndpoint();
            CronTrigger trigger = (CronTrigger) context.getComponent(ScheduleComponent.QUARTZ, QuartzComponent.class)
                    .getScheduler()
                    .getTrigger(report.getTriggerKey());
            assertThat(trigger.getTimeZone().getID()).isEqualTo(quartzZone);
            assertThat(trigger.getFireTimeAfter(Date.from(Instant.parse("2030-03-02T00:00:00Z"))).toInstant())
                    .isEqualTo(Instant.parse(firstRun));
        }
    }

    private static CamelContext context(String cron) {
        return context(cron, "Europe/Moscow");
    }

    /** A context with the bundle's schedule and quartz components, and a flow's properties. */
    private static CamelContext context(String cron, String zone) {
        ScheduleConfiguration configuration = new ScheduleConfiguration();
        configuration.timeZone = zone;
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("period", "15m");
        properties.put("delay", "5s");
        properties.put("cron", cron);
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getRegistry().bind("schedule", configuration.schedule());
        context.getRegistry().bind(ScheduleComponent.QUARTZ, configuration.quartz(context));
        return context;
    }
}
