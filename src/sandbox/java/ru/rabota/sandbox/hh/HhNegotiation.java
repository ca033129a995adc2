package ru.rabota.sandbox.hh;

import java.time.OffsetDateTime;

/**
 * A snapshot of one negotiation (a response or an invitation). {@code collection} is where the list endpoints
 * show it, {@code stateId} its {@code state.id} (what the candidate sees), {@code employerStateId} its
 * {@code employer_state.id} (the employer's stage; in the 2015 edition, not shown, it equals the collection);
 * {@code resume} is null when the candidate deleted or hid it. {@code viewedByEmployer} is not in any answer: it
 * tells tests whether the bundle opened the negotiation.
 */
public record HhNegotiation(String id, String vacancyId, String collection, String stateId, String employerStateId,
        HhResume resume, OffsetDateTime createdAt, OffsetDateTime updatedAt, boolean hasUpdates,
        boolean viewedByOpponent, boolean viewedByEmployer) {

    HhNegotiation movedTo(String newCollection, String newStateId, String newEmployerStateId, OffsetDateTime at) {
        return new HhNegotiation(id, vacancyId, newCollection, newStateId, newEmployerStateId, resume, createdAt, at,
                true, viewedByOpponent, viewedByEmployer);
    }

    HhNegotiation viewed() {
        return new HhNegotiation(id, vacancyId, collection, stateId, employerStateId, resume, createdAt, updatedAt,
                false, viewedByOpponent, true);
    }
}
