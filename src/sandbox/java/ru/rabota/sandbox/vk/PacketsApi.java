package ru.rabota.sandbox.vk;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.rabota.sandbox.http.SimRequest;
import ru.rabota.sandbox.http.SimResponse;

/**
 * /packets and /packets/categories_balance. The document prints both in Ruby hash notation; they are served as
 * JSON with the same keys. The packets are derived from the company: an active all-Russia job packet whose
 * limits are the company's OTVAS limits (initial and left), an archived one that ended, and a one-day contact
 * view packet for {@code last_view_access_group_packet}.
 */
record PacketsApi(VkState state, VkSimulatorConfig config) {

    private static final String ALL_RUSSIA = "00000000-0000-0000-0000-000000000000";
    private static final List<String> STATUSES = List.of("active", "archived");

    /** One packet at one moment; {@code left}/{@code initial} give each action's limit. */
    private record Packet(long id, String type, boolean active, Instant start, Instant end, boolean free,
            ToIntFunction<VasAction> initial, ToIntFunction<VasAction> left) {
    }

    void register(VkRoutes routes) {
        routes.authed("GET", "/packets", this::packets)
                .authed("GET", "/packets/categories_balance", this::categoriesBalance);
    }

    private SimResponse packets(SimRequest request, Params params) {
        String fiasId = params.text("fias_id");
        String status = params.text("status");
        if (status != null && !STATUSES.contains(status)) {
            throw VkError.unprocessable("Неизвестный статус пакета");
        }
        List<Packet> all = jobPackets();
        // every packet here is an all-Russia one: a fias_id filter keeps them only when it names all Russia
        boolean regionMatches = fiasId == null || ALL_RUSSIA.equals(fiasId);
        List<Packet> shown = all.stream().filter(p -> regionMatches)
                .filter(p -> status == null || status.equals(p.active() ? "active" : "archived")).toList();
        ObjectNode body = VkJson.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("packets");
        shown.forEach(p -> list.add(packet(p)));
        body.putObject("meta").put("total", shown.size())
                .put("active", shown.stream().filter(Packet::active).count())
                .put("archived", shown.stream().filter(p -> !p.active()).count())
                .put("active_total", all.stream().filter(Packet::active).count())
                .put("archived_total", all.stream().filter(p -> !p.active()).count())
                .put("free_total", all.stream().filter(Packet::free).count())
                .put("paid_total", all.stream().filter(p -> !p.free()).count());
        return VkJson.ok(body);
    }

    private SimResponse categoriesBalance(SimRequest request, Params params) {
        Map<String, Integer> limits = state.company().limits();
        ObjectNode body = VkJson.MAPPER.createObjectNode();
        ObjectNode item = body.putArray("items").addObject().put("fias_id", ALL_RUSSIA)
                .put("job_category_uuid", ALL_RUSSIA);
        ArrayNode balance = item.putArray("balance");
        for (VasAction action : VasAction.values()) {
            balance.addObject().put("bought", limits.getOrDefault(action.limit(), 0)).put("free", 0)
                    .put("code", action.code());
        }
        Instant now = state.now();
        int views = limits.getOrDefault(VasAction.CONTACT_VIEW.limit(), 0);
        ToIntFunction<VasAction> viewsOnly = a -> a == VasAction.CONTACT_VIEW ? views : 0;
        body.set("last_view_access_group_packet", packet(new Packet(141, "temporary_view_1d", true,
                now.minus(Duration.ofHours(12)), now.plus(Duration.ofHours(12)), true, viewsOnly, viewsOnly)));
        body.putObject("meta").putNull("hidden_packet_expires_at");
        return VkJson.ok(body);
    }

    private List<Packet> jobPackets() {
        Map<String, Integer> initial = config.limits();
        Map<String, Integer> left = state.company().limits();
        Instant now = state.now();
        return List.of(new Packet(151, "job_packet", true, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(29)),
                        false, a -> initial.getOrDefault(a.limit(), 0), a -> left.getOrDefault(a.limit(), 0)),
                new Packet(150, "job_packet", false, now.minus(Duration.ofDays(61)), now.minus(Duration.ofDays(31)),
                        true, a -> 0, a -> 0));
    }

    private ObjectNode packet(Packet p) {
        ObjectNode node = VkJson.MAPPER.createObjectNode().put("start_time", VkJson.time(p.start()))
                .put("end_time", VkJson.time(p.end()));
        node.set("current_step", step(p));
        node.set("last_step", step(p));
        long days = Duration.between(p.start(), p.end()).toDays();
        long leftDays = p.active() ? Math.max(0, Duration.between(state.now(), p.end()).toDays()) : 0;
        return node.put("days_count", days).put("left_days_count", leftDays).put("id", p.id()).put("free", p.free())
                .put("auto_prolongable", false);
    }

    private ObjectNode step(Packet p) {
        ObjectNode step = VkJson.MAPPER.createObjectNode().put("start_time", VkJson.time(p.start()))
                .put("end_time", VkJson.time(p.end())).put("active", p.active()).put("packet_type", p.type())
                .put("prolongable", false).put("russian_region", "Вся Россия").put("hidden", false).putNull("price")
                .put("fias_id", ALL_RUSSIA);
        ArrayNode prices = step.putArray("prices");
        ArrayNode limits = step.putArray("limits");
        for (VasAction action : VasAction.values()) {
            prices.addObject().put("code", action.code()).put("price", config.price(action));
            limits.addObject().put("code", action.code()).put("initial", p.initial().applyAsInt(action))
                    .put("left", p.left().applyAsInt(action)).put("default", 0);
        }
        return step.put("created_at", VkJson.time(p.start()))
                .put("initial_views_limit", p.initial().applyAsInt(VasAction.CONTACT_VIEW))
                .put("views_limit", p.left().applyAsInt(VasAction.CONTACT_VIEW))
                .put("buy_transaction_type", p.free() ? "BonusTransaction" : "PaymentTransaction")
                .put("job_category_uuid", ALL_RUSSIA);
    }
}
