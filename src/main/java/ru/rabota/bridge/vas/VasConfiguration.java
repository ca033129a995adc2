package ru.rabota.bridge.vas;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.jobs.JobState;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the paid commands: {@code spendingGuard} (limits from {@code bridge.vas.*}, state in {@code vasState}),
 * {@code paidCommands} (the steps of route {@code paid-call}) and {@code vasCommands}. Beans are built on first
 * lookup, when the beans they use (bound by other configurations) are there.
 */
public class VasConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        registry.bind("spendingGuard", SpendingGuard.class, () -> {
            KafkaStateStore store = CamelContextHelper.mandatoryLookup(context, "vasState", KafkaStateStore.class);
            return new SpendingGuard(store, SpendingLimits.from(context.getPropertiesComponent()),
                    new PriceTable(store), Clock.systemUTC());
        });
        registry.bind("paidCommands", PaidCommands.class,
                () -> new PaidCommands(
                        CamelContextHelper.mandatoryLookup(context, "spendingGuard", SpendingGuard.class)));
        registry.bind("vasCommands", VasCommands.class,
                () -> new VasCommands(CamelContextHelper.mandatoryLookup(context, "jobRecords", JobState.class)));
    }
}
