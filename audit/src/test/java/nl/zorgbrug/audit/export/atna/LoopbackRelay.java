package nl.zorgbrug.audit.export.atna;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of the test's audit repository: the node connects to the relay, the relay to the
 * repository, bytes pass unchanged (TLS is end to end). {@link #cut()} closes the listening socket and every
 * connection, as a repository that goes down (or a network that breaks) does: the node's open connection ends and
 * new ones are refused. {@link #start(int)} opens it again on the same port. Stopping IPF's syslog server alone
 * would not do: it stops listening but keeps the connections it has.
 */
public final class LoopbackRelay implements AutoCloseable {
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket listener;

    public LoopbackRelay(int target) {
        this.target = target;
    }

    /** Listens on {@code port} (0: a free one) and returns the port. */
    public synchronized int start(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = s;
        Thread accept = new Thread(() -> accept(s), "relay-accept");
        accept.setDaemon(true);
        accept.start();
        return s.getLocalPort();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket in = s.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(in);
                sockets.add(out);
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut: the other direction closes too
            } finally {
                close(from);
                close(to);
            }
        }, "relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** The repository is gone: no listener, every connection closed. */
    public synchronized void cut() {
        close(listener);
        for (Socket s : sockets) {
            close(s);
        }
        sockets.clear();
    }

    private static void close(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
