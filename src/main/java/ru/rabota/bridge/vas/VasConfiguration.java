package ru.rabota.bridge.vas;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Registry;

import ru.rabota.bridge.command.Beans;
import ru.rabota.bridge.command.ExternalIds;
import ru.rabota.bridge.command.ResultPublisher;
import ru.rabota.bridge.state.KafkaStateStore;

/**
 * Binds the paid commands: {@code spendingGuard} (limits from {@code bridge.vas.*}, state in {@code vasState}),
 * {@code paidCommands} (the steps of route {@code paid-call}), {@code vasCommands}, {@code externalIds} and
 * {@code resultPublisher}. Beans
 * are built on first lookup, when the state stores bound by another configuration are there.
 */
public class VasConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        registry.bind("spendingGuard", SpendingGuard.class, () -> {
            KafkaStateStore store = Beans.require(context, "vasState", KafkaStateStore.class);
            return new SpendingGuard(store, SpendingLimits.from(context.getPropertiesComponent()),
                    new PriceTable(store), Clock.systemUTC());
        });
        registry.bind("paidCommands", PaidCommands.class,
                () -> new PaidCommands(Beans.require(context, "spendingGuard", SpendingGuard.class)));
        registry.bind("externalIds", ExternalIds.class,
                () -> new ExternalIds(Beans.require(context, "jobState", KafkaStateStore.class)));
        registry.bind("resultPublisher", ResultPublisher.class, () -> {
            ProducerTemplate template = context.createProducerTemplate();
            try {
                context.addService(template, true, true);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the producer template of command results", e);
            }
            return new ResultPublisher(template, context);
        });
        registry.bind("vasCommands", VasCommands.class,
                () -> new VasCommands(Beans.require(context, "externalIds", ExternalIds.class)));

    }
}
