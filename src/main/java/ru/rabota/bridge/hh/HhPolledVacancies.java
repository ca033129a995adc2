package ru.rabota.bridge.hh;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which vacancies the negotiations poll has stopped reading, for the application state's retention
 * ({@link HhRetentionRule}): per vacancy, the last poll of this instance's lead that read it. A vacancy counts as no
 * longer polled once the last {@value #ABSENT_POLLS} polls and {@code absentFor} went by without it: one missing from
 * a poll or two (a manager's list refused, the active list shifting while paged) is still polled. Known only from the
 * lead's first poll on, and forgotten when the lead is won again: another instance polled meanwhile.
 */
final class HhPolledVacancies {

    static final int ABSENT_POLLS = 3;

    /** The poll that last read a vacancy: its number in the lead, and when it began. */
    private record Read(long poll, Instant at) {
    }

    private final Duration absentFor;
    private final Map<String, Read> lastRead = new HashMap<>();
    private long polls;
    private Instant firstPoll;

    /** @param absentFor how long a vacancy is not read before its negotiations may be forgotten */
    HhPolledVacancies(Duration absentFor) {
        this.absentFor = absentFor;
    }

    /** A poll begins that reads these vacancies. */
    synchronized void polling(Collection<String> vacancyIds, Instant now) {
        polls++;
        if (firstPoll == null) {
            firstPoll = now;
        }
        Read read = new Read(polls, now);
        vacancyIds.forEach(id -> lastRead.put(id, read));
    }

    /** This instance won the lead: what it knew of earlier polls is stale. */
    synchronized void leads() {
        lastRead.clear();
        polls = 0;
        firstPoll = null;
    }

    /** Whether the polls have stopped reading the vacancy (see the class comment); false before the first poll. */
    synchronized boolean noLongerPolled(String vacancyId, Instant now) {
        if (firstPoll == null) {
            return false;
        }
        Read last = lastRead.getOrDefault(vacancyId, new Read(0, firstPoll));
        return polls - last.poll() >= ABSENT_POLLS && !last.at().plus(absentFor).isAfter(now);
    }
}
