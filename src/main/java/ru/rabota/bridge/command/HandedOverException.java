package ru.rabota.bridge.command;

/**
 * A command's work ended without an answer because another instance carries the command out now: a rebalance took
 * its partition, or (a paid command) this instance lost the lead. No failure: the poll's other answers are written,
 * and whoever owns the command reads it again from the committed offsets. Told apart so that a rollout's rebalances
 * and a failover are INFO lines, not the WARN of polls failing.
 */
public final class HandedOverException extends IllegalStateException {

    /** @param command what was left, as a line names it (a topic and key, a job command and its external_id) */
    public HandedOverException(String command, Throwable cause) {
        super("handed over: " + command + " is left to the instance that carries it out now", cause);
    }

    /** Whether the failure, or one of its causes, is a command handed over. */
    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandedOverException) {
                return true;
            }
        }
        return false;
    }
}
