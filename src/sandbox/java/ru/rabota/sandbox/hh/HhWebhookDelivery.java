package ru.rabota.sandbox.hh;

/**
 * One POST of a notification to a subscriber: {@code status} is the receiver's answer, 0 when none came in time
 * (or no connection); {@code attempt} counts from 1 and goes on across retries and redeliveries.
 */
public record HhWebhookDelivery(String url, String notificationId, String actionType, String body, int status,
        int attempt) {

    /** hh.ru takes 2xx, and 409 (a duplicate the receiver already has), as delivered. */
    public boolean succeeded() {
        return status / 100 == 2 || status == 409;
    }
}
