package ru.rabota.sandbox.hh;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * {@code <method> /negotiations/<action>/<nid>}: today an action the negotiation offers in its employer state, in
 * 2015 a move to the status's collection. Refusals in the order a client would fix them: the negotiation, the
 * action, its method, whether it is enabled, the vacancy, then the arguments.
 */
final class HhActionApi {

    static final List<String> METHODS = List.of("PUT", "POST", "PATCH", "DELETE");

    private final HhState state;
    private final HhWorkflow workflow;
    private final List<HhExecutedAction> executed = new CopyOnWriteArrayList<>();

    HhActionApi(HhState state, HhWorkflow workflow) {
        this.state = state;
        this.workflow = workflow;
    }

    List<HhExecutedAction> executed() {
        return List.copyOf(executed);
    }

    SimResponse handle(SimRequest request) {
        Map<String, String> form = HhApi.form(request);
        // the checks and the change must see the same negotiation: hold the state's own lock throughout
        synchronized (state) {
            Optional<HhNegotiation> negotiation = state.negotiation(request.pathGroup(2));
            if (negotiation.isEmpty()) {
                return HhJson.error(404, "not_found", null);
            }
            return workflow.today() ? act(request, negotiation.get(), form) : move(request, negotiation.get(), form);
        }
    }

    private SimResponse act(SimRequest request, HhNegotiation negotiation, Map<String, String> form) {
        Optional<HhWorkflow.Action> offered = workflow.actions(negotiation.employerStateId()).stream()
                .filter(a -> a.id().equals(request.pathGroup(1)))
                .findFirst();
        if (offered.isEmpty()) {
            return wrongState();
        }
        HhWorkflow.Action action = offered.get();
        if (!action.method().equals(request.method())) {
            return HhJson.error(405, "method_not_allowed", null).withHeader("Allow", action.method());
        }
        if (!action.enabled()) {
            return wrongState();
        }
        if (state.archived(negotiation.vacancyId())) {
            return HhJson.error(403, "negotiations", "invalid_vacancy");
        }
        for (HhWorkflow.Argument argument : action.arguments()) {
            if (argument.required() && !form.containsKey(argument.id())) {
                return HhJson.error(400, "bad_argument", argument.id());
            }
            if (form.containsKey(argument.id())) {
                Optional<String> missing = argument.requiredArguments().stream()
                        .filter(id -> !form.containsKey(id)).findFirst();
                if (missing.isPresent()) {
                    return HhJson.error(400, "bad_argument", missing.get());
                }
            }
        }
        String sms = form.getOrDefault("send_sms", "false");
        if (action.argument("send_sms").isPresent() && !sms.equals("true") && !sms.equals("false")) {
            return HhJson.error(400, "bad_argument", "send_sms");
        }
        if (form.containsKey("message") && form.get("message").isBlank()) {
            return HhJson.error(403, "negotiations", "empty_message");
        }
        String stateId = form.containsKey("message") ? HhWorkflow.candidateStateAfter(action.resultingState()) : null;
        return carryOut(request, negotiation, form, action.resultingState(), stateId);
    }

    private SimResponse move(SimRequest request, HhNegotiation negotiation, Map<String, String> form) {
        if (!request.method().equals("PUT")) {
            return HhJson.error(405, "method_not_allowed", null).withHeader("Allow", "PUT");
        }
        Optional<HhWorkflow.Move> move = workflow.move2015(request.pathGroup(1));
        if (move.isEmpty() || move.get().collection().equals(negotiation.collection())) {
            return wrongState();
        }
        if (form.containsKey("message") && form.get("message").isBlank()) {
            return HhJson.error(403, "negotiations", "empty_message");
        }
        return carryOut(request, negotiation, form, move.get().collection(), move.get().stateId());
    }

    private SimResponse carryOut(SimRequest request, HhNegotiation negotiation, Map<String, String> form,
            String employerState, String stateId) {
        state.changeEmployerState(negotiation.id(), employerState, stateId);
        executed.add(new HhExecutedAction(negotiation.id(), request.pathGroup(1), request.method(), Map.copyOf(form),
                negotiation.employerStateId(), employerState));
        return HhJson.noContent();
    }

    private static SimResponse wrongState() {
        return HhJson.error(403, "negotiations", "wrong_state");
    }
}
