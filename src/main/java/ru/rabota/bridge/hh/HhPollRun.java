package ru.rabota.bridge.hh;

import ru.rabota.bridge.applications.ApplicationPublisher.Publication;

/**
 * What one run of the hh.ru negotiations poll did, for its summary line. One object per run, in exchange property
 * {@value #PROPERTY}: the split's copies of the exchange share it.
 */
final class HhPollRun {

    static final String PROPERTY = "hhPollRun";

    private int vacancies;
    private int skipped;
    private boolean skippedUnanswered;
    private int pages;
    private int created;
    private int changed;
    private int unchanged;

    synchronized void page(Publication publication) {
        pages++;
        created += publication.created();
        changed += publication.changed();
        unchanged += publication.unchanged();
    }

    synchronized void vacancyRead() {
        vacancies++;
    }

    /** @param unanswered whether hh.ru failed to answer (rather than refused the vacancy's calls) */
    synchronized void vacancySkipped(boolean unanswered) {
        skipped++;
        skippedUnanswered |= unanswered;
    }

    /** Whether a vacancy was skipped because hh.ru failed to answer. */
    synchronized boolean skippedUnanswered() {
        return skippedUnanswered;
    }

    /** Whether the run emitted an event or skipped a vacancy: worth a line at INFO. */
    synchronized boolean told() {
        return created + changed + skipped > 0;
    }

    @Override
    public synchronized String toString() {
        return created + " new, " + changed + " status changes, " + unchanged + " unchanged on " + pages
                + " page(s) of " + vacancies + (vacancies == 1 ? " vacancy" : " vacancies") + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }
}
