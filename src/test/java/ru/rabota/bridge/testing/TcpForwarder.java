package ru.rabota.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards every connection made to a local port to another port of this host, byte for byte, both ways: a broker
 * that becomes reachable at an address (Kafka's bootstrap) once the forwarder starts, and unreachable again for the
 * clients that connected through it once it is {@link #cut}.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    public TcpForwarder(int port, int targetPort) throws IOException {
        server = new ServerSocket(port);
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    Socket target = new Socket("127.0.0.1", targetPort);
                    sockets.add(target);
                    pipe(client, target);
                    pipe(target, client);
                } catch (IOException e) {
                    // closed, or the target refused: the client sees its connection end
                }
            }
        }, "tcp-forwarder-" + port);
        accepting.setDaemon(true);
        accepting.start();
    }

    private static void pipe(Socket from, Socket to) {
        Thread copying = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }, "tcp-forwarder-pipe");
        copying.setDaemon(true);
        copying.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Closes the forwarder and every connection made through it: the clients on that side lose the target as in a
     * network partition (each connection ends), and a new forwarder on the same port brings it back.
     */
    public void cut() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }
}
