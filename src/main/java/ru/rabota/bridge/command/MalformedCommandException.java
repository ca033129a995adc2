package ru.rabota.bridge.command;

/**
 * A job command that cannot be understood: not JSON, a value of the wrong type, no {@code command} or
 * {@code external_id}. It goes to the dead-letter topic, unlike content the API would refuse, which becomes a
 * {@code rejected} job event. The message names the field and the value ({@code job.lat: "abc" is not a number}).
 */
public class MalformedCommandException extends RuntimeException {

    public MalformedCommandException(String message) {
        super(message);
    }
}
