package ru.rabota.bridge.kafka;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;

/** Ending the bundle's Kafka transactions. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * Commits the producer's transaction. A commit that timed out (brokers unreachable, a coordinator still loading)
     * may have been written or not: it is tried again, as Kafka's producer allows, until it answers. Aborting it
     * instead is refused, and the next producer with this transactional id would complete the commit while the
     * caller, taking it for lost, wrote the same records a second time.
     *
     * @throws TimeoutException when the application stops meanwhile: the outcome stays unknown, and is whatever the
     *                          coordinator decides (committed if the commit reached it, else aborted)
     */
    public static void commit(Producer<?, ?> producer, CamelContext context) {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (context.isStopping()) {
                    throw e;
                }
            }
        }
    }
}
