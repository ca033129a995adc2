package ru.rabota.bridge.kafka;

/**
 * A topic of the bundle whose configuration would lose what it holds: start-up stops with one ERROR line made of
 * this message (naming the topic, the setting and the fix) per such topic, and no stack trace.
 */
public class MisconfiguredTopicException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MisconfiguredTopicException(String message) {
        super(message);
    }
}
