package example.host;

import org.apache.camel.main.Main;

import ru.rabota.bridge.Application;
import ru.rabota.bridge.properties.PropertyChecks;

/**
 * A Camel Main application of someone else's that runs rabota-bridge's routes beside its own (README "Into your own
 * Camel runtime"). It knows the bundle only through the thin jar: EmbeddedHostIT compiles it and runs it on the thin
 * jar, the bundle's runtime dependencies and this folder's resources, nothing else.
 */
public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        // the bundle's beans (the configuration classes Application.CONFIGURATIONS lists) and its route
        // configuration api-retry (ApiRetryPolicy)
        Application.configure(main.configure());
        // the host's own file first, then the bundle's defaults inside its jar: the first file that sets a key wins
        main.setPropertyPlaceholderLocations("classpath:host.properties,classpath:application.properties");
        // every bridge.* value, and the settings that must agree, checked before anything starts
        main.addMainListener(new PropertyChecks());
        System.exit(main.run(args));
    }
}
