package ru.rabota.bridge.state;

/** The state topic cannot be read or written now: the work that needed it fails and is retried later. */
public class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
