package ru.rabota.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port free right now, for servers a test or the sandbox starts (test JVMs run side by side: no fixed
 * ports; the in-process broker's listeners among them). Taken below Linux's ephemeral range (32768 and up): a port the
 * kernel handed out (bind to 0) could be handed out again to an outgoing connection (the Kafka clients of six test
 * JVMs make many) before the server binds it; a broker's controller that lost its port so stopped its test JVM.
 */
public final class FreePort {

    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    /**
     * The ports this JVM handed out: one is free until its server binds it, and a second draw before that (a broker's
     * controller port after its listener's) must not be the same. Forgotten once half the range was handed out.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int next() {
        while (true) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            if (HANDED_OUT.size() >= COUNT / 2) {
                HANDED_OUT.clear();
            }
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another test has it: the next one
            }
        }
    }
}
