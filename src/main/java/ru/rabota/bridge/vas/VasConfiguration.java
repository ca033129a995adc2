package ru.rabota.bridge.vas;

import java.time.Clock;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import ru.rabota.bridge.api.ApiHealth;
import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.metrics.BridgeMeters;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the paid commands: {@code spendingGuard} (limits from {@code bridge.vas.*}, state in {@code vasState}; also
 * the gauge {@code bridge_spend_today_rub}), {@code paidCommands} (the steps of route {@code paid-call}) and
 * {@code vasCommands}.
 */
public class VasConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        // built now, so that its gauge exists from start-up
        context.getRegistry().lookupByName("spendingGuard");
    }

    @BindToRegistry(value = "spendingGuard", lazy = true)
    public SpendingGuard spendingGuard(CamelContext context, @BeanInject("vasState") KafkaStateStore store,
            @BeanInject("bridgeMeters") BridgeMeters meters) {
        SpendingGuard guard = new SpendingGuard(store, SpendingLimits.from(context.getPropertiesComponent()),
                new PriceTable(store), Clock.systemUTC(), context::isStopping);
        meters.spendToday(guard::spentToday);
        return guard;
    }

    @BindToRegistry(value = "paidCommands", lazy = true)
    public PaidCommands paidCommands(@BeanInject("spendingGuard") SpendingGuard guard,
            @BeanInject("vkApiHealth") ApiHealth vk, @BeanInject("pollerLeadership") PollerLeadership leadership) {
        return new PaidCommands(guard, vk, leadership);
    }

    @BindToRegistry(value = "vasCommands", lazy = true)
    public VasCommands vasCommands(@BeanInject("jobRecords") JobState jobIds) {
        return new VasCommands(jobIds);
    }
}
