package ru.rabota.sandbox;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Starts the {@link Sandbox} unless {@code bridge.sandbox.enabled=false}. Only the {@code sandbox} profile names
 * this class ({@code camel.main.configuration-classes}); it lies outside the package Camel Main scans
 * ({@code ru.rabota.bridge}), so a start without the profile never loads it. Camel Main runs configurations before
 * the context initialises, so the broker and the simulators listen before topics are created and routes start;
 * the context stops them after its routes.
 */
public class SandboxConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (!Boolean.parseBoolean(properties.resolveProperty("bridge.sandbox.enabled").orElse("false"))) {
            return;
        }
        Sandbox sandbox = Sandbox.start(new SandboxSettings(properties));
        context.addService(sandbox, true, true);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                // called again for each route the supervising controller starts later
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                sandbox.sendSampleCommands();
            }
        });
    }
}
