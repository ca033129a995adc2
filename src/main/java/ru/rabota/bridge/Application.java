package ru.rabota.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.main.Main;
import org.apache.camel.main.MainHelper;

/**
 * Runs the bundle with Camel Main. Routes and configuration ship inside the jar; a {@code routes/} or
 * {@code config/} folder in the working directory takes precedence, so a customer edits routes and
 * properties without rebuilding.
 */
public final class Application {

    /** Names one more properties file (e.g. {@code config/customers/acme.properties}) read before all others. */
    public static final String CUSTOMER_CONFIG = "bridge.config";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Application.class);
        main.setPropertyPlaceholderLocations(propertyLocations(Path.of("")));
        main.configure().withRoutesIncludePattern(routesIncludePattern(Path.of("")));
        System.exit(main.run(args));
    }

    /**
     * Property files, the first that defines a key wins: the customer file, the working folder's
     * {@code config/} (profile first), then the same names on the classpath. System properties and
     * environment variables ({@code BRIDGE_VK_LOGIN}) override them all.
     */
    static String propertyLocations(Path workingDir) {
        List<String> locations = new ArrayList<>();
        MainHelper.lookupPropertyFromSysOrEnv(CUSTOMER_CONFIG).ifPresent(file -> locations.add("file:" + file));
        String profile = MainHelper.lookupPropertyFromSysOrEnv("camel.main.profile").orElse(null);
        Path config = workingDir.resolve("config");
        if (profile != null) {
            locations.add("file:" + config.resolve("application-" + profile + ".properties") + ";optional=true");
            locations.add("classpath:application-" + profile + ".properties;optional=true");
        }
        locations.add("file:" + config.resolve("application.properties") + ";optional=true");
        locations.add("classpath:application.properties;optional=true");
        return String.join(",", locations);
    }

    /** The working folder's {@code routes/} when it exists, else the copy inside the jar. */
    static String routesIncludePattern(Path workingDir) {
        Path routes = workingDir.resolve("routes");
        return Files.isDirectory(routes) ? "file:" + routes + "/*.camel.yaml" : "classpath:routes/*.camel.yaml";
    }
}
