package ru.rabota.bridge.api;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Binds {@code logText} ({@link LogText}), which the routes' log lines use to cut what they quote, and switches
 * camel-http's own retries off once for every API ({@link ApiCallSteps#withoutAutomaticRetries}).
 */
public class ApiConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        ApiCallSteps.withoutAutomaticRetries(context);
    }

    @BindToRegistry(value = "logText", lazy = true)
    public LogText logText() {
        return new LogText();
    }
}
