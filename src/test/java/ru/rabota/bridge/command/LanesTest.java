package ru.rabota.bridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.testing.Latches;

class LanesTest {

    @Test
    void workOfOneKeyRunsInOrderOneAtATime() throws Exception {
        try (CamelContext context = started()) {
            Lanes lanes = Lanes.on(context, this, "lanes-order", 4);
            List<Integer> ran = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int index = i;
                // each work ends later, on another thread: the next of its key waits for that
                all.add(lanes.submit("HR-1", () -> {
                    ran.add(index);
                    return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(1,
                            TimeUnit.MILLISECONDS));
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(ran).hasSize(200).isSorted();
        }
    }

    /**
     * Camel's default pool queues 1,000 tasks and runs the next on the thread that submits it: that would be the
     * thread that ended the work before (Kafka's I/O thread, when an acknowledgement ended it).
     */
    @Test
    void workWaitingBeyondCamelsDefaultQueueStillRunsOnTheLanes() throws Exception {
        try (CamelContext context = started()) {
            Lanes lanes = Lanes.on(context, this, "lanes-queue", 1);
            Thread submitter = Thread.currentThread();
            CountDownLatch release = new CountDownLatch(1);
            Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                all.add(lanes.submit("HR-" + i, () -> {
                    ranOn.add(Thread.currentThread());
                    if (Thread.currentThread() != submitter) {
                        Latches.awaitQuietly(release, Duration.ofSeconds(10));
                    }
                    return CompletableFuture.completedFuture(null);
                }));
            }
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(ranOn).hasSize(1).doesNotContain(submitter);
        }
    }

    private static CamelContext started() {
        CamelContext context = new DefaultCamelContext();
        context.start();
        return context;
    }

}
