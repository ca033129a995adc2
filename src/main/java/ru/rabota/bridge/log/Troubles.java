package ru.rabota.bridge.log;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;

/**
 * Conditions that last, each named by a key (a poll that fails run after run, a vacancy that cannot be read): the
 * caller logs one WARN line when one {@link #starts} and one INFO line when it {@link #ends}, nothing between, as the
 * logging rule asks (not a line per retry). Hand-written: SLF4J and Log4j can drop repeated lines (Log4j's
 * BurstFilter) but cannot tell that a condition ended, nor how often it came meanwhile.
 */
public final class Troubles {

    /** A condition under way: since when, and how many times it came. */
    public record Trouble(Instant since, int times) {

        Trouble again() {
            return new Trouble(since, times + 1);
        }

        /** "1 time", "12 times". */
        public String timesText(String what) {
            return times + " " + what + (times == 1 ? "" : "s");
        }
    }

    private final Clock clock;
    private final ConcurrentMap<String, Trouble> underWay = new ConcurrentHashMap<>();

    public Troubles(Clock clock) {
        this.clock = clock;
    }

    public Troubles() {
        this(Clock.systemUTC());
    }

    /** The condition came (once more): true when it was not under way, the moment for its WARN line. */
    public boolean starts(String condition) {
        return underWay.merge(condition, new Trouble(clock.instant(), 1), (under, now) -> under.again()).times() == 1;
    }

    /**
     * The condition came (once more), logged: {@code startLine} at WARN when it was not under way, {@code againLine}
     * at DEBUG while it is; both lines take the same arguments.
     */
    public void came(String condition, Logger log, String startLine, String againLine, Object... arguments) {
        if (starts(condition)) {
            log.warn(startLine, arguments);
        } else {
            log.debug(againLine, arguments);
        }
    }

    /**
     * Every condition under way but those given is over (what no longer comes up cannot come again): each with what
     * it was, the moment for its INFO line.
     */
    public Map<String, Trouble> endsExcept(Collection<String> conditions) {
        Map<String, Trouble> ended = new TreeMap<>();
        underWay.keySet().stream().filter(condition -> !conditions.contains(condition)).toList()
                .forEach(condition -> ends(condition).ifPresent(trouble -> ended.put(condition, trouble)));
        return ended;
    }

    /** The condition is over: what it was, when it was under way (the moment for its INFO line). */
    public Optional<Trouble> ends(String condition) {
        return underWay.isEmpty() ? Optional.empty() : Optional.ofNullable(underWay.remove(condition));
    }
}
