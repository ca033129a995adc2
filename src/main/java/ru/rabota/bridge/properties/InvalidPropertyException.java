package ru.rabota.bridge.properties;

/**
 * A property whose value cannot be what it names (a duration, a port, a cron expression, a time zone): start-up
 * stops with one ERROR line made of this message, which names the property and its value, and no stack trace.
 */
public class InvalidPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidPropertyException(String property, String value, String expected) {
        super(property + " = '" + value + "' is not " + expected);
    }
}
