package nl.zorgbrug.compliance.pacs;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A TCP relay on loopback in front of a PACS that can break what passes: connection n (counted from 1) for which
 * {@code drop} holds is cut in the middle of the PACS's first P-DATA-TF PDU (PS3.8 9.3.5: after the A-ASSOCIATE-AC,
 * inside the first C-FIND answer), without an A-ABORT, as a lost connection looks; and while {@link #down} is set
 * every connection is closed at once.
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
                relay(client, pacs, false);
                relay(pacs, client, cut);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies PDU by PDU from one socket to the other; with {@code cut}, closes both half-way into the first P-DATA-TF. */
    private static void relay(Socket from, Socket to, boolean cut) {
        Thread t = new Thread(() -> {
            try (DataInputStream in = new DataInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
                byte[] header = new byte[6];
                while (true) {
                    in.readFully(header);
                    int length = ((header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                            | (header[5] & 0xFF);
                    byte[] body = new byte[length];
                    in.readFully(body);
                    out.write(header);
                    if (cut && header[0] == 0x04) {
                        out.write(body, 0, length / 2);
                        out.flush();
                        break;
                    }
                    out.write(body);
                    out.flush();
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
