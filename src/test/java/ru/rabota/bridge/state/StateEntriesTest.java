package ru.rabota.bridge.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two paths that apply a state topic's records, the follower's and the writers', in the orders they race in. */
class StateEntriesTest {

    private final StateEntries entries = new StateEntries();

    @Test
    void aTombstoneWrittenHereOutlivesAnOlderRecordReadAfterItAndGoesOnceItIsRead() {
        entries.written("HR-1", null, 0, 5);
        entries.read("HR-1", "intent", 0, 4);
        entries.readTo(0, 5);

        assertThat(entries.value("HR-1")).isEmpty();
        assertThat(entries.held()).isOne();

        entries.read("HR-1", null, 0, 5);
        entries.readTo(0, 6);

        assertThat(entries.value("HR-1")).isEmpty();
        assertThat(entries.held()).isZero();
    }

    /**
     * The race a tombstone was kept for: a writer told late of its older write (its acknowledgement, a transaction's
     * commit) after the follower read that write, the key's removal after it, and let the tombstone go.
     */
    @Test
    void anOlderWriteAppliedAfterTheTombstoneWentDoesNotBringTheValueBack() {
        entries.read("HR-2", "intent", 0, 4);
        entries.read("HR-2", null, 0, 5);
        entries.readTo(0, 6);
        assertThat(entries.held()).isZero();

        entries.written("HR-2", "intent", 0, 4);

        assertThat(entries.value("HR-2")).isEmpty();
        assertThat(entries.held()).isZero();
        entries.written("HR-2", "created", 0, 6);
        assertThat(entries.value("HR-2")).contains("created");
    }

    @Test
    void aTombstoneReadBeforeANewerWriteLeavesTheNewerValue() {
        entries.written("HR-3", "created", 0, 7);
        entries.read("HR-3", null, 0, 5);
        entries.readTo(0, 6);

        assertThat(entries.value("HR-3")).contains("created");
        assertThat(entries.held()).isOne();
    }

    @Test
    void aTombstoneOfAnotherPartitionWaitsForTheFollowerThere() {
        entries.read("HR-4", null, 1, 5);
        entries.readTo(0, 9);
        assertThat(entries.held()).isOne();

        entries.readTo(1, 6);
        assertThat(entries.held()).isZero();
    }

    /** The keys with a value are counted as the entries change, in whatever order the two paths apply a record. */
    @Test
    void theKeysWithAValueAreCountedAsRecordsApplyWhicheverPathComesFirst() {
        entries.written("HR-1", "created", 0, 1);
        entries.read("HR-1", "created", 0, 1);
        entries.read("HR-2", "created", 0, 2);
        assertThat(entries.size()).isEqualTo(2);

        // HR-1 removed; its older write told late changes nothing
        entries.read("HR-1", null, 0, 3);
        entries.written("HR-1", "created", 0, 1);
        assertThat(entries.size()).isOne();
        entries.readTo(0, 4);
        assertThat(entries.size()).isOne();

        entries.written("HR-1", "revived", 0, 4);
        entries.read("HR-1", "revived", 0, 4);
        assertThat(entries.size()).isEqualTo(2);
    }
}
