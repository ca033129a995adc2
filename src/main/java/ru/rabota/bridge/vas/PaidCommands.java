package ru.rabota.bridge.vas;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.api.ApiException;
import ru.rabota.bridge.api.ApiHeaders;
import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.cluster.NotLeaderException;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.command.CommandResult.Outcome;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;
import ru.rabota.bridge.vk.VkCredentialsException;

/**
 * The steps of route {@code paid-call} (bean {@code paidCommands}), which runs the {@link PaidCall} in exchange
 * property {@value #CALL} under the {@link SpendingGuard}; the body ends as the command result.
 * <ul>
 * <li>{@link #onActivePoller}: in cluster mode, a command runs only while this instance leads.</li>
 * <li>{@link #waitsForVk}: while VK is counted down, a new command waits for it before anything is admitted.</li>
 * <li>{@link #admit}: a replayed request gets its first result, one admitted before whose result was never recorded
 * a {@code failed} result with the outcome unknown (in the command's result shape), unless its call may be sent again
 * ({@link PaidCall#repeatable}, a phone read): that one goes on on its first reservation, settled as after an attempt
 * that may have been acted on; a refused one a {@code rejected} result naming the limit;
 * an admitted one is reserved and prepared (property {@value #ADMITTED}).</li>
 * <li>{@link #readAgain}: a replay's call sent again (a phone read's, free for the contact it bought) answered: the
 * first result with what the state does not keep of it (the phone); {@link #readAgainFailed}: it failed.</li>
 * <li>{@link #answered}: maps VK's answer, records the result, what was really spent and the prices reported.</li>
 * <li>{@link #failed}: VK refused (4xx): {@code rejected}, nothing spent. No answer or a 5xx after the request
 * may have reached VK: {@code failed} with the outcome unknown, the reservation kept, never repeated. The request
 * cannot have reached VK (retries of an unsent call ran out) or the credentials were refused: the reservation is
 * released, the request forgotten, and the failure propagates so that the record becomes a dead letter. A stop or a
 * handover that ended the retries of a call repeated after any failure (a phone read) forgets it alike, and its record
 * is read again (at the next start, or by the instance that has it now). A refused or forgotten command still counts
 * its reservation, and its contacts as bought, when an earlier attempt may have been acted on
 * ({@link ApiHeaders#ACTED_MAYBE}).</li>
 * </ul>
 */
public final class PaidCommands {

    /** Property: the {@link PaidCall} to run. */
    public static final String CALL = "bridgePaidCall";
    /** Property: the guard's {@link SpendingGuard.Admitted} reservation, set when the call may go ahead. */
    public static final String ADMITTED = "bridgePaidAdmitted";
    /** Property: the recorded result of a replay that reads again what the state does not keep of it. */
    public static final String REPLAYED = "bridgePaidReplayed";

    private static final Logger LOG = LoggerFactory.getLogger(PaidCommands.class);

    /** The one condition of {@link #waiting}: paid commands wait for VK Работа. */
    private static final String WAITING = "vk";

    private final SpendingGuard guard;
    private final ApiHealth vk;
    private final PollerLeadership leadership;
    private final Troubles waiting = new Troubles();
    /** The limits that refused a command, by limit and Moscow day. */
    private final Troubles refusals = new Troubles();

    public PaidCommands(SpendingGuard guard, ApiHealth vk, PollerLeadership leadership) {
        this.guard = guard;
        this.vk = vk;
        this.leadership = leadership;
    }

    /**
     * In cluster mode paid commands are the active poller's alone, or two instances would admit them against one
     * budget: a command that starts after this instance lost the lead is not admitted, and one whose call is not sent
     * yet when it loses it is not sent (the last look is right before each request, {@link ApiHeaders#HANDED_OVER}).
     * Either is left to the new active poller, which reads it again from the committed offsets; a call already sent
     * is answered and settled as any other. A lead once found lost stays so for the command, though it may read true
     * again a moment later: the consumer looks again after the failure, and a command it does not find handed over
     * becomes a dead letter.
     */
    public void onActivePoller(Exchange exchange) {
        BooleanSupplier handedOver = exchange.getProperty(ApiHeaders.HANDED_OVER, BooleanSupplier.class);
        BooleanSupplier leadLost = leadership.lostFromNow();
        exchange.setProperty(ApiHeaders.HANDED_OVER, (BooleanSupplier) () -> leadLost.getAsBoolean()
                || handedOver != null && handedOver.getAsBoolean());
        if (leadLost.getAsBoolean()) {
            throw new NotLeaderException("the paid command is left to the instance that leads now");
        }
    }

    /**
     * Whether the command is to wait for VK Работа before it is admitted: VK is counted down, and the command is
     * not one handled before (a replay calls nothing). Says so in one line.
     */
    public boolean waitsForVk(Exchange exchange) {
        PaidCall call = exchange.getProperty(CALL, PaidCall.class);
        if (vk.up() || guard.seen(call.requestId())) {
            return false;
        }
        if (waiting.starts(WAITING)) {
            LOG.info("Paid command {} waits until VK Работа answers again: no paid call is sent into an outage (one"
                    + " line when paid commands go on)", LogText.cut(call.requestId()));
        } else {
            LOG.debug("Paid command {} waits too", LogText.cut(call.requestId()));
        }
        return true;
    }

    public void admit(Exchange exchange) {
        PaidCall call = exchange.getProperty(CALL, PaidCall.class);
        // a replay waits for nothing and comes here in the outage too: the wait ends only once VK answers
        if (vk.up()) {
            waiting.ends(WAITING).ifPresent(trouble -> LOG.info("Paid commands go on, VK Работа answers again ({}"
                    + " waited, since {})", trouble.timesText("command"), trouble.since()));
        }
        SpendingGuard.Admission admission = guard.admit(call.requestId(), call.actions(guard::contactBought),
                call.contacts(), call.repeatable());
        if (admission instanceof SpendingGuard.Replay replay && !sameKind(call, replay.result())) {
            // one request_id space for every paid topic: another kind's result must not answer this command
            String detail = "request_id: \"" + LogText.cut(call.requestId()) + "\" was given before to a command answered as "
                    + replay.result().path("event").asText() + "; each paid command needs a request_id of its own";
            LOG.warn("Paid command {} refused: {}", LogText.cut(call.requestId()), detail);
            exchange.getMessage().setBody(call.result(Outcome.REJECTED, detail));
        } else if (admission instanceof SpendingGuard.Replay replay) {
            replay(exchange, call, replay.result());
        } else if (admission instanceof SpendingGuard.Unfinished) {
            LOG.warn("Paid command {} was admitted before and its outcome never recorded: {}",
                    LogText.cut(call.requestId()), SpendingGuard.UNKNOWN);
            answer(exchange, call, call.result(Outcome.FAILED, SpendingGuard.UNKNOWN));
        } else if (admission instanceof SpendingGuard.Refused refused) {
            refused(call, refused);
            answer(exchange, call, call.result(Outcome.REJECTED, refused.detail()));
        } else {
            if (admission instanceof SpendingGuard.Admitted admitted && admitted.again()) {
                LOG.info("Paid command {} was admitted before and its outcome never recorded: sent again, on the"
                        + " reservation made then (VK carries it out once)", LogText.cut(call.requestId()));
            }
            exchange.setProperty(ADMITTED, admission);
            call.prepare(exchange.getMessage());
        }
    }

    /**
     * One WARN line when a limit first refuses a command on a Moscow day (the budget reached, an action's limit,
     * contacts disabled), an INFO line for each command it refuses after that: a budget reached at noon refused every
     * paid command of the afternoon with a WARN line each.
     */
    private void refused(PaidCall call, SpendingGuard.Refused refused) {
        String detail = refused.detail();
        if (refusals.starts(refused.limit() + " " + guard.today())) {
            LOG.warn("Paid command {} refused: {} (the commands this refuses later today: INFO lines)",
                    LogText.cut(call.requestId()), LogText.cut(detail));
        } else {
            LOG.info("Paid command {} refused: {}", LogText.cut(call.requestId()), LogText.cut(detail));
        }
    }

    /**
     * A replay gets its first result; what the state does not keep of it (a phone read's phone) is read again when
     * that costs nothing (property {@value #REPLAYED}, the call prepared); when it would be paid (the contact is not
     * recorded as bought), the result says it is not read again. Else the result is sent as recorded.
     */
    private void replay(Exchange exchange, PaidCall call, ObjectNode recorded) {
        if (call.readsAgain(recorded) && call.actions(guard::contactBought).isEmpty()) {
            LOG.info("Paid command {} was handled before ({}): what the state does not keep of its result is read"
                    + " again, free", LogText.cut(call.requestId()), CommandResult.outcome(recorded));
            exchange.setProperty(REPLAYED, recorded);
            call.prepare(exchange.getMessage());
        } else if (call.readsAgain(recorded)) {
            ObjectNode result = call.notReadAgain(recorded);
            LOG.warn("Paid command {}: {}", LogText.cut(call.requestId()), LogText.cut(result.path("detail").asText()));
            exchange.getMessage().setBody(result);
        } else {
            LOG.info("Paid command {} was handled before ({}): its result is sent again, nothing is called",
                    LogText.cut(call.requestId()), CommandResult.outcome(recorded));
            exchange.getMessage().setBody(recorded);
        }
    }

    /** The call a replay sent again answered: its first result, completed; nothing is recorded. */
    public void readAgain(Exchange exchange) {
        PaidCall call = exchange.getProperty(CALL, PaidCall.class);
        ObjectNode recorded = exchange.getProperty(REPLAYED, ObjectNode.class);
        exchange.getMessage().setBody(call.readAgain(recorded, exchange.getMessage().getBody(JsonNode.class)));
    }

    /**
     * The call a replay sent again failed, after the retries a call of its kind gets: VK's refusal is the command's
     * {@code rejected} result, naming it, as for the first call; anything else propagates as that call's failure
     * would (a dead letter to send again, or the record read again after a stop). Nothing is recorded: the next
     * replay reads again.
     */
    public void readAgainFailed(Exchange exchange) {
        PaidCall call = exchange.getProperty(CALL, PaidCall.class);
        ApiException refusal = CommandResult.refusal(exchange);
        String detail = "handled before (ok), and what the bridge does not keep of that result (the phone) could not"
                + " be read again: " + refusal.detail();
        LOG.warn("Paid command {}: {}", LogText.cut(call.requestId()), LogText.cut(detail));
        exchange.getMessage().setBody(call.result(Outcome.REJECTED, detail));
    }

    /** Whether a recorded result answers a command of the call's kind (its {@code event}). */
    private static boolean sameKind(PaidCall call, ObjectNode recorded) {
        String event = call.result(Outcome.OK, null).path("event").asText();
        return event.equals(recorded.path("event").asText(event));
    }

    public void answered(Exchange exchange) {
        PaidCall call = exchange.getProperty(CALL, PaidCall.class);
        SpendingGuard.Admitted admitted = exchange.getProperty(ADMITTED, SpendingGuard.Admitted.class);
        JsonNode answer = exchange.getMessage().getBody(JsonNode.class);
        PaidCall.Settlement settlement = actedMaybe(exchange, admitted)
                ? call.settleAfterUnsureAttempt(answer, admitted.charges()) : call.settle(answer, admitted.charges());
        if (guard.settle(admitted, settlement)) {
            BigDecimal spent = settlement.spent().stream().map(Charge::price).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            LOG.info("Paid command {}: {}, {} action(s) counted, {} RUB", LogText.cut(call.requestId()),
                    CommandResult.outcome(settlement.result()), settlement.spent().size(), spent.toPlainString());
        }
        exchange.getMessage().setBody(settlement.result());
    }

    public void failed(Exchange exchange) {
        PaidCall call = exchange.getProperty(CALL, PaidCall.class);
        SpendingGuard.Admitted admitted = exchange.getProperty(ADMITTED, SpendingGuard.Admitted.class);
        ApiException failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        // a call repeated after any failure (a phone read) may have bought with an earlier attempt, its answer lost:
        // that stays counted, whatever the last attempt met
        boolean actedMaybe = actedMaybe(exchange, admitted);
        List<Charge> spent = actedMaybe ? admitted.charges() : List.of();
        List<String> bought = actedMaybe ? call.contactsBought() : List.of();
        if (failure.unsent() || failure instanceof VkCredentialsException || repeatable(exchange, failure)) {
            guard.abandon(admitted, spent, bought);
            throw failure.copy();
        }
        ObjectNode result;
        if (failure.httpStatus() >= 400 && failure.httpStatus() < 500) {
            result = call.result(Outcome.REJECTED, failure.detail());
            guard.settle(admitted, spent, result, bought);
        } else {
            result = call.result(Outcome.FAILED, "outcome unknown: " + failure.getMessage()
                    + "; VK may have charged, check vas_transactions before sending a new request");
            guard.settle(admitted, admitted.charges(), result);
        }
        LOG.warn("Paid command {}: {}", LogText.cut(call.requestId()),
                LogText.cut(result.path("detail").asText()));
        exchange.getMessage().setBody(result);
    }

    /**
     * Whether an earlier attempt of the call may have been acted on: one of this run failed so
     * ({@link ApiHeaders#ACTED_MAYBE}), or the command was admitted again after a run that never recorded its result
     * ({@link SpendingGuard.Admitted#again}).
     */
    private static boolean actedMaybe(Exchange exchange, SpendingGuard.Admitted admitted) {
        return admitted.again() || exchange.getProperty(ApiHeaders.ACTED_MAYBE, false, Boolean.class);
    }

    /**
     * Whether the call is one repeated after any transient failure (a phone read, not
     * {@link ApiHeaders#RETRY_UNSENT}) whose retries ended: the bundle stops, the command went to another instance,
     * or {@code bridge.retry.give-up-after} ran out. Sending it again is safe, so the command is read again (or, given
     * up, becomes a dead letter to send again), not answered with the outcome unknown.
     */
    private static boolean repeatable(Exchange exchange, ApiException failure) {
        return failure.retryable()
                && !ApiHeaders.RETRY_UNSENT.equals(exchange.getMessage().getHeader(ApiHeaders.RETRIES));
    }

    /** The route of an admitted command ends, whatever became of it (a failure no step above handled included). */
    public void released(Exchange exchange) {
        guard.release(exchange.getProperty(ADMITTED, SpendingGuard.Admitted.class).requestId());
    }

    /** A result decided without calling: recorded, so that a replay gets it again, and left as the body. */
    private void answer(Exchange exchange, PaidCall call, ObjectNode result) {
        guard.record(call.requestId(), result);
        exchange.getMessage().setBody(result);
    }
}
