package ru.rabota.bridge.api;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.http.HttpComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the readiness check {@code routes-started}, and switches camel-http's own retries off once for every API.
 */
public class ApiConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);

    /**
     * Disables camel-http's automatic retries before the routes create their endpoints: HttpClient 5.5+ would obey
     * {@code Retry-After} by itself and stall a route for up to an hour (CAMEL-23345); the bridge's retry policy
     * ({@code bridge.retry.*}) must be the only one. {@code camel.component.http.automatic-retries-disabled=true}
     * says the same; a {@code false} there is overruled with a WARN line. Also stops the start when a route names a
     * route configuration that was not loaded ({@link RouteConfigurationsCheck}).
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        context.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) {
                RouteConfigurationsCheck.check(starting);
                HttpComponent http = starting.getComponent("http", HttpComponent.class);
                if (!http.isAutomaticRetriesDisabled()) {
                    LOG.warn("camel.component.http.automatic-retries-disabled was false; HttpClient's own retries are"
                            + " now disabled");
                    http.setAutomaticRetriesDisabled(true);
                }
            }

            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // checked while starting, before the routes create their endpoints
            }
        });
    }

    @BindToRegistry(value = "routesStartedCheck", lazy = true)
    public RoutesStartedCheck routesStartedCheck(CamelContext context) {
        return new RoutesStartedCheck(context);
    }
}
