package nl.zorgbrug.hl7.mllp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MLLP listener (HL7 v2.5.1 appendix C.4): one thread per connection, one message at a time per connection (the
 * sender waits for each acknowledgement), the {@link Handler} answering each message. Free of HL7 itself.
 *
 * <p>Bad input ends at most the connection it came on, never the listener: a framing error or a sender that stops
 * half-way closes that connection; a message over the limit is answered by {@link Handler#tooLarge} and the
 * connection goes on; a connection silent longer than the idle time-out is closed; connections beyond the maximum are
 * closed at once.
 */
public final class MllpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MllpServer.class.getName());

    /** What answers the messages. Both methods return the acknowledgement's bytes and never throw. */
    public interface Handler {
        byte[] handle(byte[] message);

        byte[] tooLarge(byte[] head, long limit);
    }

    private final MllpSettings settings;
    private final Handler handler;
    private final Semaphore slots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean closing;

    public MllpServer(MllpSettings settings, Handler handler) {
        this.settings = settings;
        this.handler = handler;
        this.slots = new Semaphore(settings.maxConnections());
    }

    /** Binds the port and starts accepting. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the MLLP listener is already started");
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 50);
        } catch (IOException e) {
            s.close();
            throw new IOException("the HL7 MLLP listener cannot listen on " + settings.bindAddress() + ":"
                    + settings.port() + " (" + e.getMessage() + "); choose another zorgbrug.adt.port or stop what"
                    + " uses it", e);
        }
        server = s;
        acceptor = new Thread(this::acceptLoop, "zorgbrug-mllp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.log(System.Logger.Level.INFO, "HL7 MLLP listener on " + settings.bindAddress() + ":" + port());
    }

    /** The port listened on (the one chosen when 0 was configured). */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(System.Logger.Level.WARNING, "MLLP accept failed: " + e.getMessage());
                }
                continue;
            }
            if (!settings.allowedHosts().isEmpty() && !settings.allowedHosts().contains(socket.getInetAddress())) {
                LOG.log(System.Logger.Level.WARNING, "MLLP connection from " + socket.getRemoteSocketAddress()
                        + " closed: not one of the allowed senders (zorgbrug.adt.allowed-hosts)");
                closeQuietly(socket);
                continue;
            }
            if (!slots.tryAcquire()) {
                LOG.log(System.Logger.Level.WARNING, "MLLP connection from " + socket.getRemoteSocketAddress()
                        + " closed: already " + settings.maxConnections() + " connections (zorgbrug.adt.max-connections)");
                closeQuietly(socket);
                continue;
            }
            long n = connections.incrementAndGet();
            Thread t = new Thread(() -> {
                try {
                    serve(socket);
                } finally {
                    slots.release();
                }
            }, "zorgbrug-mllp-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            MllpFrameReader frames = new MllpFrameReader(in, settings.maxMessageBytes());
            while (!closing) {
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
                if (!frames.awaitStart()) {
                    return;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.frameTimeout().toMillis()));
                MllpFrameReader.Frame frame = frames.readFrame(System.nanoTime() + settings.frameTimeout().toNanos());
                byte[] ack = frame instanceof MllpFrameReader.Frame.Message m ? handler.handle(m.bytes())
                        : handler.tooLarge(((MllpFrameReader.Frame.TooLarge) frame).head(), settings.maxMessageBytes());
                out.write(MllpFrameReader.START_BLOCK);
                out.write(ack);
                out.write(MllpFrameReader.END_BLOCK);
                out.write(MllpFrameReader.CARRIAGE_RETURN);
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            LOG.log(System.Logger.Level.INFO, "MLLP connection from " + peer + " closed: silent longer than allowed");
        } catch (MllpFramingException e) {
            LOG.log(System.Logger.Level.WARNING, "MLLP connection from " + peer + " closed: " + e.getMessage());
        } catch (SocketException e) {
            if (!closing) {
                LOG.log(System.Logger.Level.INFO, "MLLP connection from " + peer + " ended: " + e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "MLLP connection from " + peer + " failed: " + e, e);
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (server != null) {
            closeQuietly(server);
        }
        open.forEach(MllpServer::closeQuietly);
        if (acceptor != null) {
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing: nothing more to do with it
        }
    }
}
