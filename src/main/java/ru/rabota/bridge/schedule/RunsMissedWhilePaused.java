package ru.rabota.bridge.schedule;

import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.TriggerListener;
import org.quartz.listeners.SchedulerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz listener that vetoes a cron flow's run whose time fell due while its trigger was paused. camel-quartz
 * pauses a trigger when its route stops (the active poller's routes, when this instance stops leading) and resumes it
 * when the route starts again, and quartz then fires at once for a time missed meanwhile: a run that was another
 * instance's, or nobody's (a second company report at 15:00, a night poll of a working-hours cron). A run late for
 * another reason (the one before it still going) is not touched. Hand-written: neither quartz nor camel-quartz has
 * such an option (a misfire instruction acts only beyond quartz's misfire threshold, a minute).
 */
final class RunsMissedWhilePaused extends SchedulerListenerSupport implements TriggerListener {

    /** The last pause of a trigger: when it began, and when it ended (null while paused). */
    private record Pause(Date from, Date until) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunsMissedWhilePaused.class);

    private final Map<TriggerKey, Pause> pauses = new ConcurrentHashMap<>();

    @Override
    public void triggerPaused(TriggerKey key) {
        pauses.put(key, new Pause(new Date(), null));
    }

    @Override
    public void triggerResumed(TriggerKey key) {
        pauses.computeIfPresent(key, (k, pause) -> new Pause(pause.from(), new Date()));
    }

    @Override
    public String getName() {
        return getClass().getSimpleName();
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        Pause pause = pauses.get(trigger.getKey());
        Date due = context.getScheduledFireTime();
        // quartz may fire before it tells of the resume: a pause not ended yet covers every time since it began
        boolean missed = pause != null && !due.before(pause.from()) && (pause.until() == null
                || due.before(pause.until()));
        if (missed) {
            LOG.debug("{}: the run due at {} fell due while the flow was stopped, skipped", trigger.getKey().getName(),
                    due.toInstant());
        }
        return missed;
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        // only the veto matters here
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        // only the veto matters here
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
            Trigger.CompletedExecutionInstruction instruction) {
        // only the veto matters here
    }
}
