package ru.rabota.bridge.jobs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.support.LRUCacheFactory;

import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StagedWrite;

/**
 * One board's {@link JobRecord}s by external_id, kept in the durable store {@code jobState} (shared, survives
 * restarts). VK Работа's records are keyed by the bare external_id, as before boards existed; another board's by
 * {@code <board>:<external_id>} ({@code hh:HR-1001}).
 */
public final class JobState {

    /** How many parsed records are kept: the jobs a feed or a poll of commands has in hand at once, with room. */
    private static final int READS_KEPT = 10_000;

    private final KafkaStateStore store;
    private final String prefix;
    private final Set<String> otherPrefixes;
    /**
     * Per external_id, the value read last and its record: a feed reads each job's record at every row, and the
     * value changes only when the job does (the same String then, which is cheaper to compare than to parse). The
     * jobs read most recently only: the store holds every value already.
     */
    private final Map<String, Read> reads = LRUCacheFactory.newLRUCache(READS_KEPT);

    private record Read(String value, JobRecord record) {
    }

    public JobState(KafkaStateStore store, Board board) {
        this.store = store;
        this.prefix = prefix(board);
        this.otherPrefixes = Arrays.stream(Board.values()).filter(other -> other != board)
                .map(JobState::prefix).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
    }

    /** The record of the external_id on this board; none for an id spelt as another board's key ({@code hh:...}). */
    public Optional<JobRecord> get(String externalId) {
        String key = key(externalId);
        if (!ofThisBoard(key)) {
            return Optional.empty();
        }
        return store.get(key).map(value -> {
            Read last = reads.get(externalId);
            if (last != null && last.value() == value) {
                return last.record();
            }
            JobRecord record = read(key, value);
            reads.put(externalId, new Read(value, record));
            return record;
        });
    }

    /**
     * Whether the board holds a record of the external_id, readable or not: a record {@link #get} cannot read is
     * still the board's, and a command of it fails there (a dead letter naming the record) rather than skip the board.
     */
    public boolean has(String externalId) {
        String key = key(externalId);
        return ofThisBoard(key) && store.get(key).isPresent();
    }

    private String key(String externalId) {
        return prefix.isEmpty() ? externalId : prefix + externalId;
    }

    /** Waits until every write made anywhere before is applied here. */
    public void readToEnd() {
        store.readToEnd();
    }

    /** Returns once the record is durable. */
    public void put(String externalId, JobRecord record) {
        store.put(key(externalId), json(record));
    }

    /**
     * The record, visible to {@link #get} at once ({@link KafkaStateStore#stage}), and its write for the caller to
     * make: in a transaction, or alone.
     */
    public StagedWrite stage(String externalId, JobRecord record) {
        return store.stage(Topic.STATE_JOBS, key(externalId), json(record));
    }

    public void remove(String externalId) {
        store.remove(key(externalId));
    }

    /** External ids of the jobs that feeds published and that are not closed: what a snapshot feed must list. */
    public Set<String> openFeedJobs() {
        Set<String> open = new HashSet<>();
        forEach((externalId, record) -> {
            if (record.openFromFeed()) {
                open.add(externalId);
            }
        });
        return open;
    }

    /**
     * The reverse view: the board's job id to the customer's external_id, for {@code external_job_id} in
     * application events. Derived anew on each call (one pass over the jobs), so jobs published meanwhile are found.
     */
    public Map<String, String> externalIdsByJobId() {
        Map<String, String> index = new HashMap<>();
        forEach((externalId, record) -> {
            if (record.jobId() != null) {
                index.put(record.jobId(), externalId);
            }
        });
        return index;
    }

    /** Every record of this board; a value that is no record (written by something else) is passed over. */
    public void forEach(BiConsumer<String, JobRecord> action) {
        store.forEach((key, value) -> {
            if (ofThisBoard(key)) {
                JobRecord record;
                try {
                    record = read(key, value);
                } catch (IllegalStateException unreadable) {
                    return;
                }
                action.accept(key.substring(prefix.length()), record);
            }
        });
    }

    private boolean ofThisBoard(String key) {
        if (!prefix.isEmpty()) {
            return key.startsWith(prefix);
        }
        // VK's bare keys: any key no other board claims (a loop: every job's look-up asks)
        for (String other : otherPrefixes) {
            if (key.startsWith(other)) {
                return false;
            }
        }
        return true;
    }

    private static String prefix(Board board) {
        return board == Board.VKRABOTA ? "" : board.id() + ":";
    }

    private static String json(JobRecord record) {
        try {
            return BridgeJson.MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job record", e);
        }
    }

    private JobRecord read(String key, String value) {
        try {
            return BridgeJson.MAPPER.readValue(value, JobRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the record of " + LogText.cut(key) + " in " + store.topic()
                    + " is no job record (" + e.getOriginalMessage() + "): " + LogText.cut(value), e);
        }
    }
}
