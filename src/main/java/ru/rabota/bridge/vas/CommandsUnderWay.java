package ru.rabota.bridge.vas;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

import ru.rabota.bridge.api.LogText;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * The paid commands this process admitted whose route has not ended, by request_id: a command with the same
 * request_id under another record key (another lane, at the same moment) waits for its result to replay it, rather
 * than find its intent without a result and answer {@value SpendingGuard#UNKNOWN}.
 */
final class CommandsUnderWay {

    private final ConcurrentMap<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    void start(String requestId) {
        running.put(requestId, new CompletableFuture<>());
    }

    boolean contains(String requestId) {
        return running.containsKey(requestId);
    }

    /** Waits until the command of this request_id under way here, if there is one, has ended. */
    void awaitEnd(String requestId) {
        CompletableFuture<Void> command = running.get(requestId);
        if (command == null) {
            return;
        }
        try {
            command.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted while request_id " + LogText.cut(requestId)
                    + " of another command was under way", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command has ended: one of the same request_id that waits for it is decided now. */
    void end(String requestId) {
        CompletableFuture<Void> command = running.remove(requestId);
        if (command != null) {
            command.complete(null);
        }
    }
}
