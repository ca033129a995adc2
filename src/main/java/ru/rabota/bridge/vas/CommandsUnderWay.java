package ru.rabota.bridge.vas;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.state.StateUnavailableException;

/**
 * The paid commands this process admitted whose route has not ended, by request_id: a command with the same
 * request_id under another record key (another lane, at the same moment) waits for its result to replay it, rather
 * than find its intent without a result and answer {@value SpendingGuard#UNKNOWN}.
 */
final class CommandsUnderWay {

    /** A command under way: the intent it was admitted on, and what completes when its route ends. */
    private record Running(String intent, CompletableFuture<Void> over) {
    }

    private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();

    /** The command starts, admitted on this intent (its {@code request:} entry). */
    void start(String requestId, String intent) {
        running.put(requestId, new Running(intent, new CompletableFuture<>()));
    }

    /** The intent the command of this request_id under way here was admitted on. */
    Optional<String> intent(String requestId) {
        return Optional.ofNullable(running.get(requestId)).map(Running::intent);
    }

    boolean contains(String requestId) {
        return running.containsKey(requestId);
    }

    /** Waits until the command of this request_id under way here, if there is one, has ended. */
    void awaitEnd(String requestId) {
        Running command = running.get(requestId);
        if (command == null) {
            return;
        }
        try {
            command.over().get();
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
        Running command = running.remove(requestId);
        if (command != null) {
            command.over().complete(null);
        }
    }
}
