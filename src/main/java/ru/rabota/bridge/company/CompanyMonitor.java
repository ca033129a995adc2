package ru.rabota.bridge.company;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.json.BridgeJson;
import ru.rabota.bridge.jsonapi.JsonApi;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.vas.PriceTable;

/**
 * The steps of route {@code company-poll} (bean {@code companyMonitor}): collects the company, every page of VAS
 * transactions, the packets and the packet balance, then sends the records of {@code rabota.company} that changed
 * since Kafka last took them: {@code company}, {@code transactions:<id>}, {@code packets}, {@code balance}, and
 * {@code alert:<name>} when a {@link CompanyAlerts threshold} is crossed ({@code company.alert}, one WARN line) or
 * no longer is ({@code company.alert_cleared}). The packets' prices go to the spending guard's price table. What
 * was sent is what {@code rabota.company} holds, read at each poll (a poll every few minutes reads it in a moment):
 * a restart or another instance taking over, and back, sends neither a record nor an alert again, and clears an
 * alert raised before it.
 */
public final class CompanyMonitor {

    /** Property: the {@link Poll} under way. */
    public static final String POLL = "bridgeCompanyPoll";

    static final String RAISED = "raised";
    static final String CLEARED = "cleared";

    private static final Logger LOG = LoggerFactory.getLogger(CompanyMonitor.class);

    /** What one poll read. */
    static final class Poll {
        private ObjectNode company;
        private final List<ObjectNode> transactions = new ArrayList<>();
        private JsonNode packets;
        private JsonNode balance;
    }

    private final CompanyAlerts alerts;
    private final PriceTable prices;
    private final KafkaOutput output;
    /** The reader of {@code rabota.company}, started at the first poll: each poll reads the topic to its end. */
    private final Supplier<KafkaStateStore> reader;
    private final Set<String> missingAttributes = ConcurrentHashMap.newKeySet();

    /** @param reader the reader of {@code rabota.company}, started at its first use */
    public CompanyMonitor(CompanyAlerts alerts, PriceTable prices, KafkaOutput output,
            Supplier<KafkaStateStore> reader) {
        this.alerts = alerts;
        this.prices = prices;
        this.output = output;
        this.reader = reader;
    }

    /** Body: the answer of GET /company. Starts the poll. */
    public void company(Exchange exchange) {
        Poll poll = new Poll();
        poll.company = JsonApi.page(exchange.getMessage().getBody(JsonNode.class)).first()
                .orElseThrow(() -> new IllegalStateException("GET /company answered without a company"));
        exchange.setProperty(POLL, poll);
    }

    /** Body: every VAS transaction, the records of direct:vk-all-pages. */
    @SuppressWarnings("unchecked")
    public void transactions(Exchange exchange) {
        exchange.getProperty(POLL, Poll.class).transactions.addAll(exchange.getMessage().getBody(List.class));
    }

    /** Body: the answer of GET /packets. */
    public void packets(Exchange exchange) {
        JsonNode answer = exchange.getMessage().getBody(JsonNode.class);
        exchange.getProperty(POLL, Poll.class).packets = answer;
        prices.learn(PriceTable.fromPackets(answer));
    }

    /**
     * Body: the answer of GET /packets/categories_balance. Sends the records that changed, each once Kafka took the
     * one before: a poll that fails half-way sends the rest next time.
     */
    public void balance(Exchange exchange) {
        Poll poll = exchange.getProperty(POLL, Poll.class);
        poll.balance = exchange.getMessage().getBody(JsonNode.class);
        for (CompanyRecord record : changes(poll, sent())) {
            output.send(Topic.COMPANY, record.key(), record.value().toString(), record.event(), null);
            if (record.version().equals(RAISED)) {
                LOG.warn("Company alert: {}", record.value().path("detail").asText());
            } else if (record.version().equals(CLEARED)) {
                LOG.info("Company alert cleared: {}", record.value().path("detail").asText());
            }
        }
    }

    /**
     * The version of each record {@code rabota.company} holds: its value, an alert's state. Read to the topic's end
     * first, so that what another instance sent (the leader before this one) counts.
     */
    private Map<String, String> sent() {
        Map<String, String> sent = new HashMap<>();
        KafkaStateStore topic = reader.get();
        topic.readToEnd();
        topic.forEach((key, value) -> sent.put(key, key.startsWith("alert:")
                ? CommandJson.parse(value).text("state") : value));
        return sent;
    }

    private List<CompanyRecord> changes(Poll poll, Map<String, String> sent) {
        List<CompanyRecord> records = new ArrayList<>();
        ObjectNode company = value("company.state");
        company.set("company", poll.company);
        CompanyAlerts.value(poll.company, CompanyAlerts.BALANCE)
                .ifPresent(roubles -> company.put("balance_rub", roubles.toPlainString()));
        records.add(state("company", company));
        for (ObjectNode transaction : poll.transactions) {
            ObjectNode value = value("company.vas_transaction");
            value.set("transaction", transaction);
            records.add(state("transactions:" + transaction.path("id").asText(), value));
        }
        ObjectNode packets = value("company.packets");
        packets.set("packets", poll.packets.path("packets"));
        packets.set("meta", poll.packets.path("meta"));
        records.add(state("packets", packets));
        ObjectNode balance = value("company.packets_balance");
        poll.balance.fields().forEachRemaining(field -> balance.set(field.getKey(), field.getValue()));
        records.add(state("balance", balance));
        alerts.thresholds().forEach((name, threshold) -> alert(poll.company, name, threshold, sent)
                .ifPresent(records::add));
        return records.stream().filter(record -> !record.version().equals(sent.get(record.key()))).toList();
    }

    /** The alert record when the threshold's state differs from what was sent: raised, or cleared after raised. */
    private Optional<CompanyRecord> alert(ObjectNode company, String name, BigDecimal threshold,
            Map<String, String> sent) {
        Optional<BigDecimal> value = CompanyAlerts.value(company, name);
        if (value.isEmpty()) {
            if (missingAttributes.add(name)) {
                LOG.warn("The company has no attribute {}: bridge.company.alert.{} is not evaluated", name, name);
            }
            return Optional.empty();
        }
        String key = "alert:" + name;
        boolean crossed = value.get().compareTo(threshold) <= 0;
        if (!crossed && !RAISED.equals(sent.get(key))) {
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
