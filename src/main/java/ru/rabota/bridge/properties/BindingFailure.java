package ru.rabota.bridge.properties;

import org.apache.camel.PropertyBindingException;

/**
 * The line that says why Camel could not set a property, without its value: Camel's own message and stack trace
 * carry the value, and a misspelt secret option ({@code CAMEL_COMPONENT_KAFKA_SASL_JAAS_CONFIGG}, a password) escapes
 * Camel's masking, which knows the options by their exact names.
 */
public final class BindingFailure {

    private BindingFailure() {
    }

    public static String describe(PropertyBindingException failure) {
        String key = failure.getOptionKey() != null
                ? (failure.getOptionPrefix() != null ? failure.getOptionPrefix() : "") + failure.getOptionKey()
                : failure.getPropertyName();
        String target = failure.getTarget() == null ? "its target" : failure.getTarget().getClass().getSimpleName();
        String why = failure.getCause() == null ? " is not an option of " + target
                : " has a value " + target + " cannot take (" + failure.getCause().getClass().getSimpleName() + ")";
        return key + why + "; the value is not shown, it may be a secret";
    }
}
