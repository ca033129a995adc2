package ru.rabota.bridge.sandbox;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Starts the {@link Sandbox} when {@code bridge.sandbox.enabled=true} (the {@code sandbox} profile). Camel
 * Main runs configurations before the context initialises, so the broker and the simulators listen before
 * topics are created and routes start; the context stops them after its routes.
 */
public class SandboxConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (!Boolean.parseBoolean(properties.resolveProperty("bridge.sandbox.enabled").orElse("false"))) {
            return;
        }
        // Sandbox is loaded only here: a production runtime never touches the broker's classes
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
