package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocketFactory;

/**
 * A network between a source and the registry that can lose answers: plain HTTP on its side, HTTPS to the registry
 * (so it sees where the request ends and the answer begins). While {@link #losing} is set it passes each request on and
 * closes the source's connection at the first byte of the registry's answer: the registry did the work, the source
 * never hears of it. Not started: the registry is down (connection refused).
 */
final class LosingProxy implements AutoCloseable {
    final AtomicBoolean losing = new AtomicBoolean();
    final AtomicInteger answersLost = new AtomicInteger();
    private final ServerSocket server;
    private final SSLSocketFactory tls;
    private final int registryPort;
    /** The connections it carries: closed with it, so a kept-alive client connection does not outlive the network. */
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    LosingProxy(int port, SSLSocketFactory tls, int registryPort) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.tls = tls;
        this.registryPort = registryPort;
        Thread accept = new Thread(this::accept, "losing-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** A free loopback port to start the proxy on later. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Socket registry = tls.createSocket("127.0.0.1", registryPort);
                open.add(registry);
                pump(client.getInputStream(), registry.getOutputStream(), client, registry, false);
                pump(registry.getInputStream(), client.getOutputStream(), client, registry, true);
            } catch (IOException e) {
                // closed, or the registry refused the connection: the source sees a closed connection
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Socket client, Socket registry, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (client; registry) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (answers && losing.get()) {
                        answersLost.incrementAndGet();
                        return; // closes both: the answer is lost
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            }
        }, answers ? "losing-proxy-answers" : "losing-proxy-requests");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
