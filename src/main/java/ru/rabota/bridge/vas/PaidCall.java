package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Message;

import ru.rabota.bridge.command.CommandResult;

/** One paid command as {@link PaidCommands} runs it under the {@link SpendingGuard}: what it buys and how. */
public interface PaidCall {

    /**
     * What an answer came to: the command result, what was actually spent, prices the answer reported, and the
     * candidates whose contacts are bought now.
     */
    record Settlement(ObjectNode result, List<Charge> spent, Map<VasCode, BigDecimal> prices, List<String> contacts) {
    }

    String requestId();

    /** The VK operation's direct: endpoint name, e.g. {@code vk-apply-paid-actions}. */
    String operation();

    /** The result's {@code event}. */
    String event();

    /**
     * One entry per paid action, as the guard counts them.
     *
     * @param boughtContact whether the guard saw a candidate's contact bought already
     */
    List<VasCode> actions(Predicate<String> boughtContact);

    /** Whether it buys or reads candidates' contacts ({@code bridge.vas.contacts.enabled} applies). */
    boolean contacts();

    /**
     * Whether VK carries the call out once however often it is sent (a phone read buys its contact once): admitted
     * before by a run that never recorded its result, it is sent again rather than answered with the outcome unknown.
     */
    default boolean repeatable() {
        return false;
    }

    /** Sets the body and headers of the API call; the route then calls the operation. */
    void prepare(Message message);

    /** Maps the API's answer; {@code reserved} is what the guard reserved, in {@link #actions} order. */
    Settlement settle(JsonNode answer, List<Charge> reserved);

    /**
     * As {@link #settle}, for an answer that came after an attempt that may have been acted on
     * ({@link ru.rabota.bridge.api.ApiHeaders#ACTED_MAYBE}): only calls repeated after such a failure get one.
     */
    default Settlement settleAfterUnsureAttempt(JsonNode answer, List<Charge> reserved) {
        return settle(answer, reserved);
    }

    /**
     * The candidates whose contacts the call buys once VK carries it out: remembered as bought when no answer settles
     * the call after an attempt that may have been acted on ({@link ru.rabota.bridge.api.ApiHeaders#ACTED_MAYBE}).
     */
    default List<String> contactsBought() {
        return List.of();
    }

    /**
     * Whether a replay of this recorded result reads again what the state does not keep ({@link ContactData}) with
     * the call, which it sends when that costs nothing ({@link #actions} empty): nothing is admitted or recorded.
     */
    default boolean readsAgain(ObjectNode recorded) {
        return false;
    }

    /** The recorded result, completed with the answer of the call a replay sent again ({@link #readsAgain}). */
    default ObjectNode readAgain(ObjectNode recorded, JsonNode answer) {
        return recorded;
    }

    /**
     * The recorded result of a replay that does not read again what the state does not keep ({@link #readsAgain}),
     * since that would be paid: it says so.
     */
    default ObjectNode notReadAgain(ObjectNode recorded) {
        return recorded;
    }

    /** A result without an answer: refused, or failed before an answer came. */
    ObjectNode result(CommandResult.Outcome outcome, String detail);
}
