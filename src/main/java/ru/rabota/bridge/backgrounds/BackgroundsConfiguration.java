package ru.rabota.bridge.backgrounds;

import java.nio.file.Path;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;

import ru.rabota.bridge.command.Beans;
import ru.rabota.bridge.command.ExternalIds;
import ru.rabota.bridge.command.ResultPublisher;

/**
 * Binds {@code backgroundUploads} (route {@code backgrounds-inbox}; folders {@code bridge.backgrounds.done} and
 * {@code bridge.backgrounds.error}, by default {@code done} and {@code error} beside {@code bridge.backgrounds.inbox})
 * and {@code backgroundCommands} (route {@code backgrounds-command}).
 */
public class BackgroundsConfiguration implements CamelConfiguration {

    @PropertyInject(value = "bridge.backgrounds.inbox", defaultValue = "backgrounds/inbox")
    String inbox;

    @Override
    public void configure(CamelContext context) {
        Path parent = Path.of(inbox).toAbsolutePath().normalize().getParent();
        String done = context.getPropertiesComponent().resolveProperty("bridge.backgrounds.done").orElse("");
        String error = context.getPropertiesComponent().resolveProperty("bridge.backgrounds.error").orElse("");
        Registry registry = context.getRegistry();
        registry.bind("backgroundUploads", BackgroundUploads.class, () -> new BackgroundUploads(
                Beans.require(context, "externalIds", ExternalIds.class),
                Beans.require(context, "resultPublisher", ResultPublisher.class),
                folder(done, parent, "done"), folder(error, parent, "error")));
        registry.bind("backgroundCommands", BackgroundCommands.class,
                () -> new BackgroundCommands(Beans.require(context, "externalIds", ExternalIds.class)));
    }

    private static Path folder(String configured, Path parent, String name) {
        return configured.isBlank() ? parent.resolve(name) : Path.of(configured);
    }
}
