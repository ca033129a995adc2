package ru.rabota.bridge.kafka;

/**
 * The Kafka headers every output record of the bundle carries (CONTRACT.md section 3): the one place their names are
 * written in Java; routes write the names themselves.
 */
public final class BridgeHeaders {

    /** The value's {@code event} ({@code created}, ..., {@code dead_letter} on the DLQ). */
    public static final String EVENT = "bridge-event";
    /** The command's {@code request_id}, where there is one. */
    public static final String CORRELATION_ID = "bridge-correlation-id";

    private BridgeHeaders() {
    }
}
