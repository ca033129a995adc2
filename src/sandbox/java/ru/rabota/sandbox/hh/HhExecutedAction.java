package ru.rabota.sandbox.hh;

import java.util.Map;

/**
 * An action the simulator carried out on a client's request: {@code actionId} is the path's action (2015: the
 * status), {@code arguments} the form's first values, the employer states those before and after (2015: the
 * collections).
 */
public record HhExecutedAction(String negotiationId, String actionId, String method, Map<String, String> arguments,
        String fromEmployerState, String toEmployerState) {
}
