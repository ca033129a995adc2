package ru.rabota.bridge.properties;

/**
 * A property whose value cannot be what it names (a duration, a port, a cron expression, a time zone): start-up
 * stops with one ERROR line made of this message, which names the property and its value (not a secret's:
 * {@link #secret}), and no stack trace.
 */
public class InvalidPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidPropertyException(String property, String value, String expected) {
        super(property + " = '" + value + "' is not " + expected);
    }

    private InvalidPropertyException(String message) {
        super(message);
    }

    /** A property that may hold a secret: named without its value. */
    public static InvalidPropertyException secret(String property, String expected) {
        return new InvalidPropertyException(property + " is not " + expected
                + "; the value is not shown, it may be a secret");
    }
}
