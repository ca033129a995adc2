package ru.rabota.bridge.state;

/**
 * The state cannot be read or written now (a state topic; data the bundle reads at start, as the profession list):
 * the work that needed it fails and is retried later.
 */
public class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
