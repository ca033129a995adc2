package ru.rabota.bridge.schedule;

import java.text.ParseException;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;

import org.apache.camel.Endpoint;
import org.apache.camel.component.scheduler.SchedulerComponent;
import org.apache.camel.component.scheduler.SchedulerConsumer;
import org.apache.camel.component.scheduler.SchedulerEndpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.TimeUtils;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Component {@code schedule}, the consumer of every timed flow: {@code schedule:<name>?period=60s&delay=5s&cron=}
 * is a {@code scheduler:<name>} with that period (its {@code delay}: from the end of one run to the start of the
 * next) and first delay (its {@code initialDelay}; 1 s when not given), or, when {@code cron} is not empty, a
 * quartz trigger ({@code bridge-quartz:<name>}) on that cron expression in the time zone {@code bridge.schedule.time-zone}
 * ({@code period} and {@code delay} then play no part). Either way one run at a time: the scheduler waits for a run
 * ({@code synchronous}; were an endpoint to complete asynchronously, the next run would start before this one had
 * written what it read), the quartz job is {@code stateful} (a run still going when its next time comes is followed
 * by one more run, never overlapped). The quartz component, its scheduler and threads come to life only when a flow
 * has a cron.
 * <p>
 * Camel's {@code scheduler}, not its {@code timer}: the timer is a {@link java.util.Timer}, which waits on the wall
 * clock, so that a step of the system clock back (a virtual machine resumed, a clock set by hand) stalled every
 * interval flow for the length of the step; the scheduler's executor waits on the monotonic clock. Its consumer also
 * makes a run that falls due while it is still starting (a route started after the context with a delay of 0), which
 * the timer's skipped, and its health check is UP from the start (a run's failure is the route's, not the
 * consumer's).
 * <p>
 * Hand-written, as {@code ref:} does: the endpoint it gives is Camel's own scheduler or quartz endpoint, so routes,
 * route policies ({@code activePoller} starts and stops them) and health see nothing else.
 */
public class ScheduleComponent extends DefaultComponent {

    /**
     * The name of the bundle's own quartz component ({@link ScheduleConfiguration#quartz}): not {@code quartz}, which
     * in a runtime the routes are dropped into is the host's, with the host's scheduler settings.
     */
    public static final String QUARTZ = "bridge-quartz";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleComponent.class);

    private final ZoneId zone;

    public ScheduleComponent(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String period = getAndRemoveParameter(parameters, "period", String.class);
        String delay = getAndRemoveParameter(parameters, "delay", String.class);
        String cron = getAndRemoveParameter(parameters, "cron", String.class, "").strip();
        if (cron.isEmpty()) {
            SchedulerEndpoint scheduler = new SchedulerEndpoint("scheduler://" + remaining,
                    getCamelContext().getComponent("scheduler", SchedulerComponent.class), remaining);
            scheduler.setDelay(TimeUtils.toMilliSeconds(period));
            if (delay != null) {
                scheduler.setInitialDelay(TimeUtils.toMilliSeconds(delay));
            }
            scheduler.setSynchronous(true);
            scheduler.setExceptionHandler(new QuietWhileStopping(getCamelContext(), SchedulerConsumer.class));
            return scheduler;
        }
        LOG.info("{} runs on cron '{}' ({}), next at {}", remaining, cron, zone, next(cron));
        // quartz reads the zone with TimeZone.getTimeZone(String), which takes an offset such as +05:00 for GMT
        return getCamelContext().getEndpoint(QUARTZ + ":" + remaining,
                Map.of("cron", cron, "trigger.timeZone", TimeZone.getTimeZone(zone).getID(), "stateful", true));
    }

    /** The first time the cron expression names after now, in the zone. */
    private String next(String cron) throws ParseException {
        CronExpression expression = new CronExpression(cron);
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        return expression.getNextValidTimeAfter(new Date()).toInstant().atZone(zone).toOffsetDateTime().toString();
    }
}
