package ru.rabota.bridge.schedule;

import java.time.ZoneId;
import java.util.Map;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.quartz.QuartzComponent;

/**
 * Binds the component {@code schedule} ({@link ScheduleComponent}) of the timed flows, with the zone of their cron
 * expressions ({@code bridge.schedule.time-zone}), and the quartz component it uses for them
 * ({@value ScheduleComponent#QUARTZ}), built only when a flow has a cron, and the log of the polls' runs
 * ({@link PollRuns}). Not bound as {@code quartz}: in a runtime the routes are dropped into, that name would take
 * the host's own quartz routes off the host's scheduler settings ({@code camel.component.quartz.*}, a clustered job
 * store) and onto this scheduler and its veto of runs missed while paused.
 */
public class ScheduleConfiguration implements CamelConfiguration {

    /**
     * Quartz's own default: more threads than the bundle has timed flows, so that a run waiting out an outage never
     * holds another flow's turn.
     */
    private static final int QUARTZ_THREADS = 10;

    @PropertyInject("bridge.schedule.time-zone")
    String timeZone;

    @BindToRegistry("pollRuns")
    public PollRuns pollRuns() {
        return new PollRuns();
    }

    @BindToRegistry(value = "schedule", lazy = true)
    public ScheduleComponent schedule() {
        return new ScheduleComponent(ZoneId.of(timeZone.strip()));
    }

    /**
     * Jobs in memory (RAMJobStore): which instance runs a flow is the cluster policy's concern ({@code activePoller}),
     * never quartz's. A scheduler of its own per Camel context, even when two contexts of one JVM share a name (quartz
     * would otherwise hand both the one scheduler of that name). A stop interrupts a run still going, as Camel's
     * shutdown timeout does for the scheduler: the next run repeats it. A flow whose route starts again skips the times
     * that fell due while it was stopped ({@link RunsMissedWhilePaused}). Typed {@link Component}: the start reads this
     * signature, and quartz's classes load only when a flow has a cron.
     */
    @BindToRegistry(value = ScheduleComponent.QUARTZ, lazy = true)
    public Component quartz(CamelContext context) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(Map.of(
                "org.quartz.scheduler.instanceName", context.getName() + "-" + Integer.toHexString(
                        System.identityHashCode(context)),
                "org.quartz.scheduler.skipUpdateCheck", "true",
                "org.quartz.threadPool.threadCount", String.valueOf(QUARTZ_THREADS),
                "org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore"));
        quartz.setPrefixInstanceName(false);
        quartz.setEnableJmx(false);
        quartz.setInterruptJobsOnShutdown(true);
        RunsMissedWhilePaused missed = new RunsMissedWhilePaused();
        quartz.addScheduleInitTask(scheduler -> {
            scheduler.getListenerManager().addSchedulerListener(missed);
            scheduler.getListenerManager().addTriggerListener(missed);
        });
        return quartz;
    }
}
