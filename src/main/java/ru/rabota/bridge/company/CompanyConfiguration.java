package ru.rabota.bridge.company;

import java.util.function.Supplier;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import ru.rabota.bridge.cluster.PollerLeadership;
import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.vas.SpendingGuard;

/**
 * Binds {@code companyAlerts}, the thresholds from the properties, and {@code companyMonitor}, the steps of route
 * {@code company-poll}.
 */
public class CompanyConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        // read now: a threshold that is no number stops the start before any topic or route, naming itself
        context.getRegistry().lookupByName("companyAlerts");
    }

    @BindToRegistry(value = "companyAlerts", lazy = true)
    public CompanyAlerts companyAlerts(CamelContext context) {
        return CompanyAlerts.from(context.getPropertiesComponent());
    }

    @BindToRegistry(value = "companyMonitor", lazy = true)
    public CompanyMonitor companyMonitor(@BeanInject("companyAlerts") CompanyAlerts alerts,
            @BeanInject("spendingGuard") SpendingGuard guard, @BeanInject("kafkaOutput") KafkaOutput output,
            @BeanInject("pollerLeadership") PollerLeadership leadership,
            @BeanInject("companyRecords") Supplier<KafkaStateStore> records) {
        return new CompanyMonitor(alerts, guard.prices(), output, leadership, records);
    }
}
