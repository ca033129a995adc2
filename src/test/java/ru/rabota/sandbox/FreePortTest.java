package ru.rabota.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Ports handed out one after the other, before any is bound, are different: a test takes one for its broker, and the
 * broker takes one more for its controller before it binds either. Before, each was drawn at random and only checked
 * free, so the two were the same once in some 12,000 starts, and the broker refused to start ("If you have two
 * listeners on the same port then one needs to be IPv4 and the other IPv6": BackgroundsKafkaOutageTest in a
 * clean-clone run).
 */
class FreePortTest {

    @Test
    void portsHandedOutBeforeTheyAreBoundAreNeverTheSame() {
        assertThat(IntStream.range(0, 3_000).map(i -> FreePort.next()).boxed().toList()).doesNotHaveDuplicates();
    }
}
