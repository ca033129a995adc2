package ru.rabota.bridge.vas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ru.rabota.bridge.LogCapture;
import ru.rabota.bridge.command.CommandJson;
import ru.rabota.bridge.command.CommandResult;
import ru.rabota.bridge.kafka.PassingInterceptor;
import ru.rabota.bridge.kafka.Topic;
import ru.rabota.bridge.kafka.TopicBootstrap;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.state.StateUnavailableException;
import ru.rabota.bridge.testing.TestKafka;

/** The guard on a real state topic: budget, limits, the Moscow day, settling, abandoning, surviving a restart. */
class SpendingGuardTest {

    /** 21:30 UTC on 1 January is already 2 January in Moscow (UTC+3). */
    private static final Clock LATE_EVENING_UTC = Clock.fixed(Instant.parse("2026-01-01T21:30:00Z"), ZoneOffset.UTC);
    private static final LocalDate MOSCOW_DAY = LocalDate.parse("2026-01-02");
    private static final SpendingLimits LIMITS = new SpendingLimits(new BigDecimal("1000"), new BigDecimal("300"),
            false, Map.of(VasCode.JOB_REFRESH, 2));
    private static final SpendingLimits CONTACTS = new SpendingLimits(new BigDecimal("1000"), new BigDecimal("300"),
            true, Map.of());

    private final List<KafkaStateStore> stores = new ArrayList<>();
    private String topic;

    @BeforeEach
    void createTopics() {
        String prefix = TestKafka.uniquePrefix(SpendingGuardTest.class);
        TopicBootstrap.createTopics(TestKafka.clientConfig(), prefix, 1, (short) 1, 1_048_576);
        topic = Topic.STATE_VAS.topicName(prefix);
    }

    @AfterEach
    void stopStores() {
        stores.forEach(KafkaStateStore::stop);
    }

    @Test
    void theBudgetCountsAnActionVkNeverPricedAtTheDearestKnownPriceAndNamesTheNumbers() {
        SpendingGuard guard = guard();
        guard.prices().learn(Map.of(VasCode.JOB_HIGHLIGHT, new BigDecimal("450")));

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(SpendingGuard.Admitted.class);
        assertThat(guard.admit("r-2", List.of(VasCode.JOB_REFRESH), false)).isInstanceOf(SpendingGuard.Admitted.class);
        SpendingGuard.Admission third = guard.admit("r-3", List.of(VasCode.JOB_HIGHLIGHT), false);

        assertThat(third).isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-budget",
                "daily budget 1000 RUB reached: spent 900, this needs 450"));
        assertThat(guard.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("900");
    }

    /**
     * An action VK never priced, counted at a dearer action's price above the whole budget, is refused every day (it
     * never runs, so VK never prices it): the refusal says why, so that an operator raises the budget. Before, it
     * said only "this needs 1500".
     */
    @Test
    void aRefusalOfAnActionVkNeverPricedSaysWhatItCountedAt() {
        SpendingGuard guard = guard();
        guard.prices().learn(Map.of(VasCode.CONTACT_VIEW, new BigDecimal("1500")));

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT, VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-budget",
                        "daily budget 1000 RUB reached: spent 0, this needs 3000; VK has"
                        + " reported no price for job_highlight yet: each counts at the dearest price it reported for"
                        + " any action (1500), and at least bridge.vas.default-price (300)"));
    }

    @Test
    void anActionCountsAtTheDearestPriceVkEverReportedNotACheaperRegionsNorAPacketsZero() {
        SpendingGuard guard = guard();
        guard.prices().learn(Map.of(VasCode.JOB_ELEVATE_PLUS, new BigDecimal("700")));
        guard.prices().learn(Map.of(VasCode.JOB_ELEVATE_PLUS, new BigDecimal("200")));
        // what the document's packets list for every action
        guard.prices().learn(Map.of(VasCode.JOB_ELEVATE_PLUS, BigDecimal.ZERO));

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_ELEVATE_PLUS, VasCode.JOB_ELEVATE_PLUS), false))
                .isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-budget",
                        "daily budget 1000 RUB reached: spent 0, this needs 1400"));
    }

    @Test
    void noActionCountsBelowTheDefaultPriceWhenItIsAdmitted() {
        SpendingGuard guard = guard();
        guard.prices().learn(Map.of(VasCode.JOB_HIGHLIGHT, new BigDecimal("800"), VasCode.JOB_REFRESH,
                new BigDecimal("100")));

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(SpendingGuard.Admitted.class);
        assertThat(guard.admit("r-2", List.of(VasCode.JOB_REFRESH), false))
                .isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-budget",
                        "daily budget 1000 RUB reached: spent 800, this needs 300"));
    }

    @Test
    void aPriceAnotherInstanceLearnedCountsHereAndIsNotWrittenAway() {
        SpendingGuard former = guard();
        former.prices().learn(Map.of(VasCode.JOB_HIGHLIGHT, new BigDecimal("300")));
        // another instance leads meanwhile, and VK reports a dearer price to it
        guard().prices().learn(Map.of(VasCode.JOB_HIGHLIGHT, new BigDecimal("600")));

        former.prices().learn(Map.of(VasCode.JOB_REFRESH, new BigDecimal("300")));

        assertThat(former.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT, VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-budget",
                        "daily budget 1000 RUB reached: spent 0, this needs 1200"));
        assertThat(guard().prices().price(VasCode.JOB_HIGHLIGHT)).hasValue(new BigDecimal("600"));
    }

    @Test
    void aDailyLimitRefusesTheCommandThatWouldExceedIt() {
        SpendingGuard guard = guard();

        guard.admit("r-1", List.of(VasCode.JOB_REFRESH), false);
        SpendingGuard.Admission refused = guard.admit("r-2", List.of(VasCode.JOB_REFRESH, VasCode.JOB_REFRESH), false);

        assertThat(refused).isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-limit.job_refresh",
                "daily limit of job_refresh reached: 2 a day, 1 used, this needs 2"));
    }

    /**
     * A command refused, and before its refusal is recorded the same request_id under another record key (another
     * lane) while the limit was freed meanwhile: the copy waits for the refusal and replays it. Before, it was
     * admitted and paid, and the refusal recorded after it answered the request_id rejected.
     */
    @Test
    void aCopyOfARefusedCommandWaitsForItsRefusalAndReplaysItEvenWhenTheLimitIsFreedMeanwhile() throws Exception {
        SpendingGuard guard = guard();
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) guard.admit("r-1", List.of(VasCode.JOB_REFRESH), false);
        assertThat(guard.admit("r-2", List.of(VasCode.JOB_REFRESH, VasCode.JOB_REFRESH), false))
                .isInstanceOf(SpendingGuard.Refused.class);
        guard.abandon(first, List.of(), List.of());

        CompletableFuture<SpendingGuard.Admission> copy = new CompletableFuture<>();
        Thread lane = new Thread(() -> copy.complete(guard.admit("r-2", List.of(VasCode.JOB_REFRESH,
                VasCode.JOB_REFRESH), false)));
        lane.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> copy.isDone() || lane.getState() == Thread.State.WAITING);
        ObjectNode refusal = CommandResult.of("vas.result", "r-2", CommandResult.Outcome.REJECTED, "daily limit");
        guard.record("r-2", refusal);

        assertThat(copy.get(10, TimeUnit.SECONDS)).isEqualTo(new SpendingGuard.Replay(refusal));
    }

    @Test
    void settlingCountsWhatWasSpentAndAbandoningReleasesAndForgets() {
        SpendingGuard guard = guard();
        SpendingGuard.Admitted paid = (SpendingGuard.Admitted) guard.admit("r-1",
                List.of(VasCode.JOB_HIGHLIGHT, VasCode.JOB_REFRESH), false);
        SpendingGuard.Admitted lost = (SpendingGuard.Admitted) guard.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false);

        guard.settle(paid, List.of(new Charge(VasCode.JOB_HIGHLIGHT, new BigDecimal("120"))), result("r-1"));
        guard.abandon(lost, List.of(), List.of());

        assertThat(guard.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("120");
        assertThat(guard.spentOn(MOSCOW_DAY).actions()).isEqualTo(Map.of("job_highlight", 1));
        assertThat(guard.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(SpendingGuard.Admitted.class);
    }

    @Test
    void whatAForgottenRunMayHaveBoughtStaysCountedThroughItsRunAgain() {
        SpendingGuard guard = guard(CONTACTS);
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) guard.admit("p-1", List.of(VasCode.CONTACT_VIEW),
                true, true);
        // its retries ran out after an attempt that may have bought the contact: read again from its dead letter
        guard.abandon(first, first.charges(), List.of("5657"));
        SpendingGuard.Admitted again = (SpendingGuard.Admitted) guard.admit("p-1", List.of(VasCode.CONTACT_VIEW),
                true, true);
        assertThat(guard(CONTACTS).spentOn(MOSCOW_DAY).spent()).as("the purchase and the new reservation")
                .isEqualByComparingTo("600");
        // VK answers the read: the contact was bought before, nothing more charged
        guard.settle(again, List.of(), result("p-1"), List.of("5657"));

        assertThat(guard(CONTACTS).spentOn(MOSCOW_DAY)).satisfies(day -> {
            assertThat(day.spent()).isEqualByComparingTo("300");
            assertThat(day.actions()).isEqualTo(Map.of("contact_view", 1));
        });
    }

    @Test
    void resultsCountersAndUnfinishedIntentsSurviveARestart() {
        SpendingGuard before = guard();
        SpendingGuard.Admitted done = (SpendingGuard.Admitted) before.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false);
        before.settle(done, done.charges(), result("r-1"));
        before.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false); // the bundle stops before VK answers
        stores.forEach(KafkaStateStore::stop);

        SpendingGuard after = guard();

        assertThat(after.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Replay(result("r-1")));
        assertThat(after.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false)).isEqualTo(new SpendingGuard.Unfinished());
        assertThat(after.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("600");
    }

    @Test
    void aRepeatableCallAdmittedBeforeARestartIsAdmittedAgainOnItsReservationAndCountedOnce() {
        SpendingGuard before = guard(CONTACTS);
        before.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true); // the bundle stops before VK answers
        stores.forEach(KafkaStateStore::stop);

        SpendingGuard after = guard(CONTACTS);
        SpendingGuard.Admission again = after.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true);

        assertThat(again).isEqualTo(new SpendingGuard.Admitted("p-1", MOSCOW_DAY.toString(),
                List.of(new Charge(VasCode.CONTACT_VIEW, new BigDecimal("300"))), true));
        assertThat(after.spentOn(MOSCOW_DAY).spent()).as("not reserved twice").isEqualByComparingTo("300");
        SpendingGuard.Admitted admitted = (SpendingGuard.Admitted) again;
        after.settle(admitted, admitted.charges(), result("p-1"));
        assertThat(guard(CONTACTS).spentOn(MOSCOW_DAY)).satisfies(day -> {
            assertThat(day.spent()).isEqualByComparingTo("300");
            assertThat(day.actions()).isEqualTo(Map.of("contact_view", 1));
        });
        assertThat(after.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true))
                .isEqualTo(new SpendingGuard.Replay(result("p-1")));
    }

    @Test
    void aPaidActionsIntentIsNotTakenOverByAPhoneReadGivenItsRequestId() {
        SpendingGuard before = guard(CONTACTS);
        before.admit("v-1", List.of(VasCode.JOB_HIGHLIGHT), false); // the bundle stops before VK answers
        stores.forEach(KafkaStateStore::stop);

        // a phone read given the same request_id by mistake: not sent on the paid action's reservation
        assertThat(guard(CONTACTS).admit("v-1", List.of(VasCode.CONTACT_VIEW), true, true))
                .isEqualTo(new SpendingGuard.Unfinished());
    }

    @Test
    void aFormerLeadersAbandonLeavesTheResultAndTheSpendTheNewLeaderRecorded() {
        // the former leader admitted a phone read, whose retries wait out a VK outage
        SpendingGuard former = guard(CONTACTS);
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) former.admit("p-1", List.of(VasCode.CONTACT_VIEW),
                true, true);
        // the new leader reads it again on that reservation, and VK sells it the contact
        SpendingGuard successor = guard(CONTACTS);
        SpendingGuard.Admitted again = (SpendingGuard.Admitted) successor.admit("p-1", List.of(VasCode.CONTACT_VIEW),
                true, true);
        successor.settle(again, again.charges(), result("p-1"), List.of("5657"));

        // the former leader's next attempt is not sent (handed over): it forgets the read, having bought nothing
        former.abandon(first, List.of(), List.of());

        SpendingGuard after = guard(CONTACTS);
        assertThat(after.spentOn(MOSCOW_DAY).spent()).as("the contact sold to the new leader")
                .isEqualByComparingTo("300");
        assertThat(after.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true))
                .isEqualTo(new SpendingGuard.Replay(result("p-1")));
    }

    @Test
    void aFormerLeadersAbandonLeavesTheReadTheNewLeaderHasUnderWay() {
        Takeover read = phoneReadTakenOver();

        // while the new leader's read is under way, the former leader's next attempt is not sent: it forgets nothing
        read.former().abandon(read.first(), List.of(), List.of());
        read.successor().settle(read.again(), read.again().charges(), result("p-1"), List.of("5657"));

        theContactCountsOnceAndTheNewLeadersResultStays();
    }

    @Test
    void aFormerLeadersLateAnswerLeavesTheResultAndTheSpendTheNewLeaderRecorded() {
        Takeover read = phoneReadTakenOver();
        read.successor().settle(read.again(), read.again().charges(), result("p-1"), List.of("5657"));

        // the former leader's read is answered now: the contact was bought (by the new leader), it counts nothing
        try (LogCapture logs = new LogCapture()) {
            read.former().settle(read.first(), List.of(), CommandResult.of("vas.result", "p-1",
                    CommandResult.Outcome.FAILED, "the former leader's answer"), List.of());

            theContactCountsOnceAndTheNewLeadersResultStays();
            assertThat(logs.lines("INFO", "Paid command p-1: answered here (failed)")).isOne();
        }
    }

    @Test
    void aFormerLeadersLateAnswerToAPaidActionLeavesTheOutcomeUnknownAndTheReservationCounted() {
        SpendingGuard former = guard();
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) former.admit("v-1", List.of(VasCode.JOB_HIGHLIGHT),
                false);
        // the new leader finds the intent without a result: not sent again, failed with the outcome unknown
        SpendingGuard successor = guard();
        assertThat(successor.admit("v-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Unfinished());
        ObjectNode unknown = CommandResult.of("vas.result", "v-1", CommandResult.Outcome.FAILED, SpendingGuard.UNKNOWN);
        successor.record("v-1", unknown);

        former.settle(first, List.of(new Charge(VasCode.JOB_HIGHLIGHT, new BigDecimal("120"))), result("v-1"));

        SpendingGuard after = guard();
        assertThat(after.admit("v-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Replay(unknown));
        assertThat(after.spentOn(MOSCOW_DAY).spent()).as("the reservation, as the outcome is unknown")
                .isEqualByComparingTo("300");
    }

    @Test
    void anAdmissionKafkaConfirmedLateIsTakenUpAsAnotherInstancesOnceThatOneTookTheCommandUp() {
        // the admission's write, its intent
        SlowAcknowledgement.slowAt.set(1);
        SpendingGuard former = guard(Map.of(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
                SlowAcknowledgement.class.getName()), Duration.ofSeconds(2), CONTACTS);
        assertThatThrownBy(() -> former.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true))
                .isInstanceOf(StateUnavailableException.class);
        // the intent landed all the same, and the new leader reads the phone on its reservation
        SpendingGuard successor = guard(CONTACTS);
        SpendingGuard.Admitted taken = (SpendingGuard.Admitted) successor.admit("p-1",
                List.of(VasCode.CONTACT_VIEW), true, true);

        // the command read again where it was admitted: not "nothing was sent", the new leader may have bought
        SpendingGuard.Admission again = former.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true);

        assertThat(again).isEqualTo(new SpendingGuard.Admitted("p-1", MOSCOW_DAY.toString(),
                List.of(new Charge(VasCode.CONTACT_VIEW, new BigDecimal("300"))), true));
        // VK answers the former one "already contacted", so its settlement counts the purchase as one after an
        // attempt that may have bought; the new leader's answer, later, is not its to record
        SpendingGuard.Admitted readAgain = (SpendingGuard.Admitted) again;
        former.settle(readAgain, readAgain.charges(), result("p-1"), List.of("5657"));
        successor.settle(taken, List.of(), CommandResult.of("vas.result", "p-1", CommandResult.Outcome.OK,
                "the new leader's answer"), List.of());
        assertThat(guard(CONTACTS).spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("300");
        assertThat(guard(CONTACTS).admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true))
                .isEqualTo(new SpendingGuard.Replay(result("p-1")));
    }

    @Test
    void anIntentThatNamesNoChargesStaysUnfinishedAlsoForARepeatableCall() {
        SpendingGuard guard = guard(CONTACTS);
        // as a version before intents kept their charges wrote it
        stores.get(0).put(SpendingGuard.REQUEST + "p-old", "{\"state\":\"pending\"}");

        assertThat(guard.admit("p-old", List.of(VasCode.CONTACT_VIEW), true, true))
                .isEqualTo(new SpendingGuard.Unfinished());
    }

    @Test
    void aSettlementWaitsUntilKafkaTakesItAndCountsTheCommandOnce() throws Exception {
        SpendingGuard guard = guardInOutages();
        SpendingGuard.Admitted paid = (SpendingGuard.Admitted) guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT),
                false);

        waitsOutAnOutage(() -> guard.settle(paid, List.of(new Charge(VasCode.JOB_HIGHLIGHT, new BigDecimal("120"))),
                result("r-1")));

        // what a restart or another instance reads: the result, the command counted once at VK's price
        SpendingGuard after = guard();
        assertThat(after.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Replay(result("r-1")));
        assertThat(after.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("120");
    }

    @Test
    void aPaidCommandAnsweredWithANewPriceInAKafkaOutageWaitsForKafkaAndKeepsThePrice() throws Exception {
        SpendingGuard guard = guardInOutages();
        SpendingGuard.Admitted admitted = (SpendingGuard.Admitted) guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT),
                false);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PaidCommands.CALL, new PaidActionsCall(new VasCommand("r-1", null,
                List.of(new VasCommand.Action("job_highlight", "42", null, null))), "vas.result"));
        exchange.setProperty(PaidCommands.ADMITTED, admitted);
        exchange.getMessage().setBody(CommandJson.parse("{\"data\":[{\"id\":\"0\",\"type\":\"paid_action\","
                + "\"attributes\":{\"id\":0,\"error_message\":null,\"status\":\"success\",\"origin\":{\"action\":"
                + "\"job_highlight\",\"count\":1,\"job_id\":42,\"price\":450}}}],"
                + "\"meta\":{\"company\":{\"balance\":\"1000.0\"}}}").tree());

        // learning the price apart, the command ended failed (outcome unknown) after the store's timeout
        waitsOutAnOutage(() -> new PaidCommands(guard, null, null).answered(exchange));

        SpendingGuard after = guard();
        assertThat(after.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(SpendingGuard.Replay.class);
        assertThat(after.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("450");
        assertThat(after.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT, VasCode.JOB_HIGHLIGHT), false))
                .isEqualTo(new SpendingGuard.Refused("bridge.vas.daily-budget",
                        "daily budget 1000 RUB reached: spent 450, this needs 900"));
    }

    @Test
    void pricesComeFromTheActivePacketsDearestFirst() {
        ObjectNode answer = (ObjectNode) CommandJson.parse("{\"packets\":["
                + "{\"current_step\":{\"active\":true,\"prices\":[{\"code\":\"job_highlight\",\"price\":200},{\"code\":\"contact_view\",\"price\":0}]}},"
                + "{\"current_step\":{\"active\":true,\"prices\":[{\"code\":\"job_highlight\",\"price\":350}]}},"
                + "{\"current_step\":{\"active\":false,\"prices\":[{\"code\":\"job_highlight\",\"price\":999}]}}]}").tree();

        assertThat(PriceTable.fromPackets(answer)).isEqualTo(Map.of(VasCode.JOB_HIGHLIGHT, new BigDecimal("350"),
                VasCode.CONTACT_VIEW, new BigDecimal("0")));
    }

    @Test
    void aCommandSettledAfterAnotherInstanceAdmittedMoreKeepsTheirSpend() {
        // A's reader sees others' writes late (each fetch waits 3 s for 10 MB that never come), as a leader frozen
        // and resumed after another instance took over the paid commands
        SpendingGuard former = guard(Map.of("fetch.min.bytes", 10_000_000, "fetch.max.wait.ms", 3_000),
                Duration.ofSeconds(20));
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) former.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT),
                false);
        SpendingGuard successor = guard();
        assertThat(successor.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(
                SpendingGuard.Admitted.class);
        assertThat(successor.admit("r-3", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(
                SpendingGuard.Admitted.class);

        former.settle(first, first.charges(), result("r-1"));

        // the day's spend is the three commands', not the first's alone written over the others'
        assertThat(guard().spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("900");
    }

    @Test
    void aSettlementThatWaitedOutKafkaLeavesWhatAnotherInstanceAdmittedMeanwhile() throws Exception {
        SpendingGuard former = guardInOutages();
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) former.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT),
                false);
        SpendingGuard successor = guard();
        Unreachable.now = true;
        CompletableFuture<Void> settled;
        try {
            // the former leader's answer came; Kafka takes none of its writes for a while
            settled = CompletableFuture.runAsync(() -> former.settle(first, first.charges(), result("r-1")));
            Thread.sleep(1_000);
            // meanwhile the new leader admits two more
            assertThat(successor.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false))
                    .isInstanceOf(SpendingGuard.Admitted.class);
            assertThat(successor.admit("r-3", List.of(VasCode.JOB_HIGHLIGHT), false))
                    .isInstanceOf(SpendingGuard.Admitted.class);
            assertThat(settled).isNotDone();
        } finally {
            Unreachable.now = false;
        }
        settled.get(30, TimeUnit.SECONDS);

        // before, the former's day total, computed before the two, landed last: 300, and 600 more could be spent
        SpendingGuard after = guard();
        assertThat(after.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("900");
        assertThat(after.admit("r-4", List.of(VasCode.JOB_HIGHLIGHT), false)).asString()
                .contains("daily budget 1000 RUB reached: spent 900, this needs 300");
    }

    @Test
    void aDaysTotalAnEarlierVersionWroteCountsBeneathTheCommandsSince() {
        KafkaStateStore store = store(Map.of(), Duration.ofSeconds(20));
        store.put("day:" + MOSCOW_DAY, "{\"day\":\"" + MOSCOW_DAY + "\",\"spent\":600,\"actions\":{\"job_highlight\":2}}");
        store.put("day:2026-01-01", "{\"day\":\"2026-01-01\",\"spent\":1000,\"actions\":{\"job_highlight\":4}}");
        SpendingGuard guard = new SpendingGuard(store, LIMITS, new PriceTable(store), LATE_EVENING_UTC, () -> false);

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false)).isInstanceOf(SpendingGuard.Admitted.class);
        assertThat(guard.spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("900");
        assertThat(guard.spentOn(MOSCOW_DAY).actions()).isEqualTo(Map.of("job_highlight", 3));
        assertThat(guard.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false)).asString()
                .contains("daily budget 1000 RUB reached: spent 900, this needs 300");
    }

    @Test
    void anEarlierVersionRefusesTheDaysTotalOnceThisVersionAdmittedThatDay() {
        KafkaStateStore store = store(Map.of(), Duration.ofSeconds(20));
        store.put("day:" + MOSCOW_DAY,
                "{\"day\":\"" + MOSCOW_DAY + "\",\"spent\":600,\"actions\":{\"job_highlight\":2}}");
        SpendingGuard guard = new SpendingGuard(store, LIMITS, new PriceTable(store), LATE_EVENING_UTC, () -> false);

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isInstanceOf(SpendingGuard.Admitted.class);

        // an earlier version reads this total alone, without r-1: it must refuse it, not admit another budget on it
        String total = store.get("day:" + MOSCOW_DAY).orElseThrow();
        assertThatThrownBy(() -> CommandJson.READER.forType(EarlierDailySpend.class).readValue(total))
                .hasMessageContaining("summed_by_a_later_version");
        assertThat(guard(Map.of(), Duration.ofSeconds(20)).spentOn(MOSCOW_DAY).spent())
                .as("the earlier total still counts once beneath r-1").isEqualByComparingTo("900");
        assertThat(guard.admit("r-2", List.of(VasCode.JOB_HIGHLIGHT), false)).asString()
                .contains("daily budget 1000 RUB reached: spent 900, this needs 300");
    }

    @Test
    void anEarlierVersionRefusesADayThisVersionAloneSpentOn() {
        KafkaStateStore store = store(Map.of(), Duration.ofSeconds(20));
        SpendingGuard guard = new SpendingGuard(store, LIMITS, new PriceTable(store), LATE_EVENING_UTC, () -> false);

        assertThat(guard.admit("r-1", List.of(VasCode.JOB_HIGHLIGHT), false))
                .isInstanceOf(SpendingGuard.Admitted.class);

        assertThat(store.get("day:" + MOSCOW_DAY)).as("what an earlier version reads of the day").hasValueSatisfying(
                total -> assertThatThrownBy(() -> CommandJson.READER.forType(EarlierDailySpend.class)
                        .readValue(total)).hasMessageContaining("summed_by_a_later_version"));
        assertThat(guard(Map.of(), Duration.ofSeconds(20)).spentOn(MOSCOW_DAY).spent()).isEqualByComparingTo("300");
    }

    /** The day's total as versions before the ledger read it (DailySpend of 1dacff2), strictly. */
    private record EarlierDailySpend(@JsonProperty("day") String day, @JsonProperty("spent") BigDecimal spent,
            @JsonProperty("actions") Map<String, Integer> actions) {
    }

    /** Phone read p-1 admitted by a former leader, then taken up by the new one on that reservation. */
    private record Takeover(SpendingGuard former, SpendingGuard.Admitted first, SpendingGuard successor,
            SpendingGuard.Admitted again) {
    }

    private Takeover phoneReadTakenOver() {
        SpendingGuard former = guard(CONTACTS);
        SpendingGuard.Admitted first = (SpendingGuard.Admitted) former.admit("p-1", List.of(VasCode.CONTACT_VIEW),
                true, true);
        SpendingGuard successor = guard(CONTACTS);
        return new Takeover(former, first, successor, (SpendingGuard.Admitted) successor.admit("p-1",
                List.of(VasCode.CONTACT_VIEW), true, true));
    }

    /** What any instance reads after a takeover of p-1: the contact counted once, the new leader's result. */
    private void theContactCountsOnceAndTheNewLeadersResultStays() {
        SpendingGuard after = guard(CONTACTS);
        assertThat(after.spentOn(MOSCOW_DAY)).as("the contact sold to the new leader, counted once").satisfies(day -> {
            assertThat(day.spent()).isEqualByComparingTo("300");
            assertThat(day.actions()).isEqualTo(Map.of("contact_view", 1));
        });
        assertThat(after.admit("p-1", List.of(VasCode.CONTACT_VIEW), true, true))
                .isEqualTo(new SpendingGuard.Replay(result("p-1")));
    }

    private SpendingGuard guard() {
        return guard(Map.of(), Duration.ofSeconds(20));
    }

    private SpendingGuard guard(SpendingLimits limits) {
        return guard(Map.of(), Duration.ofSeconds(20), limits);
    }

    /** A guard whose store's writes find no partition while {@link Unreachable#now}, and wait 2 s for one. */
    private SpendingGuard guardInOutages() {
        return guard(Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG, Unreachable.class.getName()),
                Duration.ofSeconds(2));
    }

    /**
     * Runs what records an answer while Kafka takes no writes for longer than the store waits, and checks that it
     * waits for Kafka: given up, the command would be read again with its intent alone, outcome unknown.
     */
    private static void waitsOutAnOutage(Runnable recording) throws Exception {
        Unreachable.now = true;
        CompletableFuture<Void> recorded = CompletableFuture.runAsync(recording);
        try {
            Thread.sleep(3_000);
            assertThat(recorded).isNotDone();
        } finally {
            Unreachable.now = false;
        }
        recorded.get(30, TimeUnit.SECONDS);
    }

    private SpendingGuard guard(Map<String, Object> clientConfig, Duration timeout) {
        return guard(clientConfig, timeout, LIMITS);
    }

    private SpendingGuard guard(Map<String, Object> clientConfig, Duration timeout, SpendingLimits limits) {
        KafkaStateStore store = store(clientConfig, timeout);
        return new SpendingGuard(store, limits, new PriceTable(store), LATE_EVENING_UTC, () -> false);
    }

    private KafkaStateStore store(Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        KafkaStateStore store = new KafkaStateStore(topic, config, timeout);
        store.start();
        stores.add(store);
        // loaded before the test's waits count: a store of 2 s, on a machine busy with the other forks, may not load
        // in its own time
        await().atMost(Duration.ofSeconds(30)).until(store::isLoaded);
        return store;
    }

    /**
     * A Kafka interceptor that holds the acknowledgement of the {@link #slowAt}-th write from now for 4 s, longer than a
     * store of 2 s waits for it: the write lands, and its writer gives up waiting for it.
     */
    public static final class SlowAcknowledgement extends PassingInterceptor {

        static final AtomicInteger slowAt = new AtomicInteger();

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (slowAt.decrementAndGet() == 0) {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A partitioner that, while {@link #now}, sends every record to a partition the topic does not have. */
    public static final class Unreachable implements Partitioner {

        static volatile boolean now;

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                Cluster cluster) {
            return now ? 1_000 : Utils.toPositive(Utils.murmur2(keyBytes)) % cluster.partitionCountForTopic(topic);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    private static ObjectNode result(String requestId) {
        return CommandResult.of("vas.result", requestId, CommandResult.Outcome.OK, null);
    }
}
