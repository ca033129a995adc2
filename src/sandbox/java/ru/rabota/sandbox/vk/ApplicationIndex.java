package ru.rabota.sandbox.vk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Applications ordered by (created_at, id), in array lists rather than a scan per request: new applications
 * append in O(1), a page without a status filter is a direct slice, {@code created_from} a binary search,
 * {@code job_id} a list of its own. Only a status filter walks the range. Not thread-safe: {@link VkState}
 * guards it.
 */
final class ApplicationIndex {

    private record Key(Instant createdAt, long id) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::createdAt).thenComparingLong(Key::id);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    private record Pair(long jobId, long candidateId) {
    }

    private final Map<Long, VkApplication> byId = new HashMap<>();
    private final List<Key> all = new ArrayList<>();
    private final Map<Long, List<Key>> byJob = new HashMap<>();
    private final Set<Pair> pairs = new HashSet<>();

    boolean contains(long jobId, long candidateId) {
        return pairs.contains(new Pair(jobId, candidateId));
    }

    void add(VkApplication application) {
        Key key = new Key(application.createdAt(), application.id());
        byId.put(application.id(), application);
        insert(all, key);
        insert(byJob.computeIfAbsent(application.jobId(), id -> new ArrayList<>()), key);
        pairs.add(new Pair(application.jobId(), application.candidateId()));
    }

    /** Replaces an application whose created_at is unchanged (a status change). */
    void replace(VkApplication application) {
        byId.put(application.id(), application);
    }

    VkApplication get(long id) {
        return byId.get(id);
    }

    int size() {
        return all.size();
    }

    /** The application at a position of the (created_at, id) order. */
    VkApplication at(int index) {
        return byId.get(all.get(index).id());
    }

    Collection<VkApplication> ofJob(long jobId) {
        return byJob.getOrDefault(jobId, List.of()).stream().map(k -> byId.get(k.id())).toList();
    }

    /**
     * One page of applications.
     *
     * @param jobId    only this job's, or all when null
     * @param statuses only these statuses, or all when empty
     * @param from     only those created at or after, or all when null
     */
    List<VkApplication> page(Long jobId, Set<String> statuses, Instant from, boolean newestFirst, long offset,
            int size) {
        List<Key> source = jobId == null ? all : byJob.getOrDefault(jobId, List.of());
        int start = from == null ? 0 : lowerBound(source, from);
        List<Key> range = source.subList(start, source.size());
        IntFunction<VkApplication> at = newestFirst ? i -> byId.get(range.get(range.size() - 1 - i).id())
                : i -> byId.get(range.get(i).id());
        if (statuses.isEmpty()) {
            int first = (int) Math.min(offset, range.size());
            return IntStream.range(first, Math.min(first + size, range.size())).mapToObj(at).toList();
        }
        Stream<VkApplication> matching = IntStream.range(0, range.size()).mapToObj(at)
                .filter(a -> statuses.contains(a.status()));
        return matching.skip(offset).limit(size).toList();
    }

    private static void insert(List<Key> list, Key key) {
        int position = Collections.binarySearch(list, key);
        list.add(position < 0 ? -position - 1 : position, key);
    }

    /** The first position whose created_at is not before {@code from}. */
    private static int lowerBound(List<Key> list, Instant from) {
        int position = Collections.binarySearch(list, new Key(from, Long.MIN_VALUE));
        return position < 0 ? -position - 1 : position;
    }
}
