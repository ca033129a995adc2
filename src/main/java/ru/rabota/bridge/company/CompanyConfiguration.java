package ru.rabota.bridge.company;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

import ru.rabota.bridge.kafka.KafkaOutput;
import ru.rabota.bridge.vas.SpendingGuard;

/** Binds {@code companyMonitor}, the steps of route {@code company-poll}, with its thresholds from the properties. */
public class CompanyConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        context.getRegistry().bind("companyMonitor", CompanyMonitor.class, () -> new CompanyMonitor(
                CompanyAlerts.from(context.getPropertiesComponent()),
                CamelContextHelper.mandatoryLookup(context, "spendingGuard", SpendingGuard.class).prices(),
                CamelContextHelper.mandatoryLookup(context, "kafkaOutput", KafkaOutput.class)));
    }
}
