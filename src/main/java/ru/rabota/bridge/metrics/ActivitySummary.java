package ru.rabota.bridge.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity line: every {@code bridge.log.summary-interval} (route {@code activity-summary}), one INFO line with
 * what the flows did since the line before, from the bundle's counters (CONTRACT.md section 8), and no line when
 * they did nothing. Job commands, status commands and application events have no line each (a 50,000-vacancy feed
 * would be 50,000 lines); this one shows the work and its progress, the events and results say what became of each.
 */
public final class ActivitySummary {

    private static final Logger LOG = LoggerFactory.getLogger(ActivitySummary.class);
    /** The counters told of, in this order, as the line names them. */
    private static final Map<String, String> COUNTED = new LinkedHashMap<>();

    static {
        COUNTED.put("bridge.jobs", "job events");
        COUNTED.put("bridge.applications", "application events");
        COUNTED.put("bridge.command.results", "command results");
        COUNTED.put("bridge.dead.letters", "dead letters");
    }

    private final BridgeMeters meters;
    private final Duration interval;
    private Map<List<String>, Double> before = Map.of();

    public ActivitySummary(BridgeMeters meters, Duration interval) {
        this.meters = meters;
        this.interval = interval;
    }

    /** Logs what was counted since the last call, if anything. */
    public void log() {
        log("In the last " + interval);
    }

    /**
     * Logs what was counted since the last line at the stop, if anything: the part of an interval that no line told
     * of would otherwise be lost (a minute of work before each restart). Called by the context's stop.
     */
    public void stopped() {
        log("Until the stop, since the line before");
    }

    private synchronized void log(String when) {
        Map<List<String>, Double> now = meters.counts();
        String activity = activity(before, now);
        before = now;
        if (!activity.isEmpty()) {
            LOG.info("{}: {}", when, activity);
        }
    }

    /**
     * "12 job events (hh: 2 rejected; vkrabota: 10 created); 1 dead letters (rabota.jobs.commands: 1)": what the
     * counters counted between the two readings, by counter, first label and second label.
     */
    static String activity(Map<List<String>, Double> before, Map<List<String>, Double> now) {
        StringJoiner line = new StringJoiner("; ");
        COUNTED.forEach((name, what) -> {
            Map<String, Map<String, Long>> byLabels = new TreeMap<>();
            now.forEach((id, count) -> {
                long added = Math.round(count - before.getOrDefault(id, 0.0));
                if (id.get(0).equals(name) && added > 0) {
                    byLabels.computeIfAbsent(id.get(1), label -> new TreeMap<>())
                            .merge(id.size() > 2 ? id.get(2) : "", added, Long::sum);
                }
            });
            if (!byLabels.isEmpty()) {
                long total = byLabels.values().stream().flatMap(counts -> counts.values().stream())
                        .mapToLong(Long::longValue).sum();
                StringJoiner labels = new StringJoiner("; ", total + " " + what + " (", ")");
                byLabels.forEach((label, counts) -> {
                    StringJoiner each = new StringJoiner(", ", label + ": ", "");
                    counts.forEach((second, count) -> each.add(second.isEmpty() ? String.valueOf(count)
                            : count + " " + second));
                    labels.add(each.toString());
                });
                line.add(labels.toString());
            }
        });
        return line.toString();
    }
}
