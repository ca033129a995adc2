package ru.rabota.bridge.company;

import java.util.function.Supplier;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.state.KafkaStateStore;
import ru.rabota.bridge.vas.SpendingGuard;

/** Binds {@code companyMonitor}, the steps of route {@code company-poll}, with its thresholds from the properties. */
public class CompanyConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "companyMonitor", lazy = true)
    public CompanyMonitor companyMonitor(CamelContext context, @BeanInject("spendingGuard") SpendingGuard guard,
            @BeanInject("kafkaOutput") KafkaOutput output,
            @BeanInject("companyRecords") Supplier<KafkaStateStore> records) {
        return new CompanyMonitor(CompanyAlerts.from(context.getPropertiesComponent()), guard.prices(), output,
                records);
    }
}
