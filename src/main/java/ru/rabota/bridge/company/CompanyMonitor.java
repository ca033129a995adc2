package ru.rabota.bridge.company;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.cluster.NotLeaderException;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.log.LogText;
import ru.rabota.bridge.log.Troubles;
import ru.rabota.bridge.schedule.PollRuns;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.vas.PriceTable;

/**
 * The steps of route {@code company-poll} (bean {@code companyMonitor}). The poll has four parts, each read and
 * published on its own, so that one that fails (a 403 on the transactions) hides no other (a balance alert): the
 * company, every page of VAS transactions, the packets and the packet balance. Each sends the records of
 * {@code rabota.company} that changed since Kafka last took them: {@code company} with {@code alert:<name>} when a
 * {@link CompanyAlerts threshold} (every one an attribute of the company) is crossed ({@code company.alert}, one WARN
 * line) or no longer is ({@code company.alert_cleared}); {@code transactions:<id>}; {@code packets}, whose prices go
 * to the spending guard's price table; {@code balance}. A part that fails costs one WARN line when it starts failing
 * and one INFO line when it succeeds again. What was sent is what {@code rabota.company} holds, read to its end when
 * the poll starts: a restart or another instance taking over, and back, sends neither a record nor an alert again,
 * and clears an alert raised before it.
 * <p>
 * In cluster mode a record goes out only while this instance is the active poller, looked at right before each send:
 * a former leader whose poll goes on after a standstill (a long GC pause, a frozen VM) sends nothing more, and its
 * poll ends there. No transaction fences these sends (as the application events' shared transactional id does): a
 * send already under way when the standstill began can still land after the new leader's.
 */
public final class CompanyMonitor {

    static final String RAISED = "raised";
    static final String CLEARED = "cleared";

    private static final Logger LOG = LoggerFactory.getLogger(CompanyMonitor.class);

    private final CompanyAlerts alerts;
    private final PriceTable prices;
    private final KafkaOutput output;
    private final PollerLeadership leadership;
    /** The reader of {@code rabota.company}, started at the first poll: each poll reads the topic to its end. */
    private final Supplier<KafkaStateStore> reader;
    private final Set<String> missingAttributes = ConcurrentHashMap.newKeySet();
    /** The parts failing, by name (company, transactions, packets, balance). */
    private final Troubles failing = new Troubles();

    /**
     * @param leadership whether this instance is the active poller
     * @param reader     the reader of {@code rabota.company}, started at its first use
     */
    public CompanyMonitor(CompanyAlerts alerts, PriceTable prices, KafkaOutput output, PollerLeadership leadership,
            Supplier<KafkaStateStore> reader) {
        this.alerts = alerts;
        this.prices = prices;
        this.output = output;
        this.leadership = leadership;
        this.reader = reader;
    }

    /**
     * Starts the poll: reads {@code rabota.company} to its end, so that what another instance sent (the leader before
     * this one) counts. Kafka unavailable fails the whole poll, every part of which would fail.
     */
    public void start() {
        reader.get().readToEnd();
    }

    /** Body: the answer of GET /company. Sends the company and the alerts of its thresholds. */
    public void company(JsonNode answer) {
        ObjectNode company = JsonApi.page(answer).first()
                .orElseThrow(() -> new IllegalStateException("GET /company answered without a company"));
        List<CompanyRecord> records = new ArrayList<>();
        ObjectNode value = value("company.state");
        value.set("company", company);
        CompanyAlerts.value(company, CompanyAlerts.BALANCE)
                .ifPresent(roubles -> value.put("balance_rub", roubles.toPlainString()));
        records.add(state("company", value));
        alerts.thresholds().forEach((name, threshold) -> alert(company, name, threshold).ifPresent(records::add));
        publish("company", records);
    }

    /** Body: every VAS transaction, the records of direct:vk-all-pages. */
    public void transactions(List<ObjectNode> transactions) {
        List<CompanyRecord> records = new ArrayList<>();
        for (ObjectNode transaction : transactions) {
            ObjectNode value = value("company.vas_transaction");
            value.set("transaction", transaction);
            records.add(state("transactions:" + transaction.path("id").asText(), value));
        }
        publish("transactions", records);
    }

    /** Body: the answer of GET /packets. */
    public void packets(JsonNode answer) {
        prices.learn(PriceTable.fromPackets(answer));
        ObjectNode value = value("company.packets");
        value.set("packets", answer.path("packets"));
        value.set("meta", answer.path("meta"));
        publish("packets", List.of(state("packets", value)));
    }

    /** Body: the answer of GET /packets/categories_balance. */
    public void balance(JsonNode answer) {
        ObjectNode value = value("company.packets_balance");
        answer.fields().forEachRemaining(field -> value.set(field.getKey(), field.getValue()));
        publish("balance", List.of(state("balance", value)));
    }

    /**
     * The part failed (read or sent); the others go on, and the next poll tries it again.
     *
     * @throws NotLeaderException the failure, when it was that this instance no longer leads: the poll is over here,
     *                            whatever part it was at (route poll's one WARN line)
     * @throws RuntimeException    the failure, when the route's stop cut the poll off: the parts after it would
     *                            fail the same way (route poll's one DEBUG line)
     */
    public void failed(String part, Exception failure) {
        if (failure instanceof NotLeaderException notLeader) {
            throw notLeader;
        }
        if (PollRuns.cutOff(failure)) {
            throw RuntimeCamelException.wrapRuntimeException(failure);
        }
        failing.came(part, LOG, "Company poll: part {} failed, the other parts go on and the next poll repeats it:"
                + " {}; one line when it succeeds again", "Company poll: part {} failed again: {}", part,
                LogText.reason(failure));
    }

    /**
     * Sends the part's records that changed, each once Kafka took the one before: a part that fails half-way sends
     * the rest next time.
     */
    private void publish(String part, List<CompanyRecord> records) {
        for (CompanyRecord record : records) {
            if (record.version().equals(sent(record.key()))) {
                continue;
            }
            if (!leadership.isLeader()) {
                throw new NotLeaderException();
            }
            output.send(Topic.COMPANY, record.key(), record.value().toString(), record.event(), null);
            if (record.version().equals(RAISED)) {
                LOG.warn("Company alert: {}", record.value().path("detail").asText());
            } else if (record.version().equals(CLEARED)) {
                LOG.info("Company alert cleared: {}", record.value().path("detail").asText());
            }
        }
        failing.ends(part).ifPresent(trouble -> LOG.info("Company poll: part {} succeeds again, after {} since {}",
                part, trouble.timesText("failed poll"), trouble.since()));
    }

    /** The version of the record {@code rabota.company} holds under the key: its value, an alert's state; or null. */
    private String sent(String key) {
        return reader.get().get(key).map(value -> key.startsWith("alert:") ? CommandJson.parse(value).text("state")
                : value).orElse(null);
    }

    /** The alert record when the threshold's state differs from what was sent: raised, or cleared after raised. */
    private Optional<CompanyRecord> alert(ObjectNode company, String name, BigDecimal threshold) {
        Optional<BigDecimal> value = CompanyAlerts.value(company, name);
        if (value.isEmpty()) {
            if (missingAttributes.add(name)) {
                LOG.warn("The company has no attribute {}: bridge.company.alert.{} is not evaluated", name, name);
            }
            return Optional.empty();
        }
        String key = "alert:" + name;
        boolean crossed = value.get().compareTo(threshold) <= 0;
        if (!crossed && !RAISED.equals(sent(key))) {
            return Optional.empty();
        }
        String unit = CompanyAlerts.BALANCE.equals(name) ? " RUB" : "";
        ObjectNode alert = value(crossed ? "company.alert" : "company.alert_cleared");
        alert.put("alert", name).put("state", crossed ? RAISED : CLEARED)
                .put("value", value.get().toPlainString()).put("threshold", threshold.toPlainString())
                .put("detail", name + " " + value.get().toPlainString() + unit + (crossed ? " is at or below" : " is above")
                        + " the threshold " + threshold.toPlainString() + unit)
                .set("company_id", company.path("id"));
        return Optional.of(new CompanyRecord(key, alert.path("event").asText(), alert, crossed ? RAISED : CLEARED));
    }

    private static ObjectNode value(String event) {
        return BridgeJson.MAPPER.createObjectNode().put("event", event);
    }

    private static CompanyRecord state(String key, ObjectNode value) {
        return new CompanyRecord(key, value.path("event").asText(), value, value.toString());
    }
}
