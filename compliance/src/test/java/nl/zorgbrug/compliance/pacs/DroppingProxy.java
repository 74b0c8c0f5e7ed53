package nl.zorgbrug.compliance.pacs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A TCP relay on loopback in front of a PACS that can break what passes: connection n (counted from 1) for which
 * {@code drop} holds is cut once the PACS has sent its first 1000 bytes (mid-association, after the A-ASSOCIATE-AC and
 * into the C-FIND answers), and while {@link #down} is set every connection is closed at once.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final IntPredicate drop;
    private final AtomicInteger connections = new AtomicInteger();
    volatile boolean down;

    DroppingProxy(int targetPort, IntPredicate drop) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.drop = drop;
        Thread t = new Thread(this::accept, "dropping-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int n = connections.incrementAndGet();
                if (down) {
                    client.close();
                    continue;
                }
                Socket pacs = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                boolean cut = drop.test(n);
                relay(client, pacs, Long.MAX_VALUE);
                relay(pacs, client, cut ? 1000 : Long.MAX_VALUE);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies from one socket to the other; after {@code limit} bytes closes both. */
    private static void relay(Socket from, Socket to, long limit) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            long sent = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int now = (int) Math.min(n, limit - sent);
                    out.write(buf, 0, now);
                    out.flush();
                    sent += now;
                    if (sent >= limit) {
                        break;
                    }
                }
            } catch (IOException ignored) {
                // the other direction closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "dropping-proxy-relay");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
