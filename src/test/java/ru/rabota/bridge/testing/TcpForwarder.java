package ru.rabota.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards every connection made to a local port to another port of this host, byte for byte, both ways: a broker
 * that becomes reachable at an address (Kafka's bootstrap) once the forwarder starts.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;

    public TcpForwarder(int port, int targetPort) throws IOException {
        server = new ServerSocket(port);
        Thread accepting = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket("127.0.0.1", targetPort);
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
}
