package ru.rabota.bridge.api;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** Binds {@code logText} ({@link LogText}), which the routes' log lines use to cut what they quote. */
public class ApiConfiguration implements CamelConfiguration {

    @BindToRegistry(value = "logText", lazy = true)
    public LogText logText() {
        return new LogText();
    }
}
