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
 *
 * <p>Drained when the node is taken out of rotation (issue 22, {@link #drain}): no new connection is accepted (a
 * proxy in front sends the sender to another node), each connection is closed as soon as it has no message in hand,
 * and one with a message in hand first answers it. A message is either handled and acknowledged, or not handled at
 * all; a sender whose connection closed without an acknowledgement sends the message again (HL7 v2.5.1 C.4.3,
 * original acknowledgement mode), to another node.
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
    /** Each open connection's state: whether a message is in hand (between its start block and its ACK). */
    private final java.util.Map<Socket, java.util.concurrent.atomic.AtomicInteger> states = new ConcurrentHashMap<>();
    private static final int IDLE = 0;
    private static final int IN_HAND = 1;
    private static final int CLOSED = 2;
    private final AtomicLong connections = new AtomicLong();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean closing;
    private volatile boolean draining;
    /** True once the port is closed ({@link #stopAccepting}): the accept loop ends. */
    private volatile boolean stopping;

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
        while (!closing && !stopping) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closing && !stopping) {
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
        java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(IDLE);
        states.put(socket, state);
        open.add(socket);
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            MllpFrameReader frames = new MllpFrameReader(in, settings.maxMessageBytes());
            while (!closing && !draining) {
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
                if (!frames.awaitStart()) {
                    return;
                }
                if (!state.compareAndSet(IDLE, IN_HAND)) {
                    // Drained between two messages: this one is not handled, and its sender sends it again elsewhere.
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
                if (!state.compareAndSet(IN_HAND, IDLE)) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.log(System.Logger.Level.INFO, "MLLP connection from " + peer + " closed: silent longer than allowed");
        } catch (MllpFramingException e) {
            LOG.log(System.Logger.Level.WARNING, "MLLP connection from " + peer + " closed: " + e.getMessage());
        } catch (SocketException e) {
            if (!closing && !draining) {
                LOG.log(System.Logger.Level.INFO, "MLLP connection from " + peer + " ended: " + e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "MLLP connection from " + peer + " failed: " + e, e);
        } finally {
            state.set(CLOSED);
            states.remove(socket);
            open.remove(socket);
        }
    }

    /**
     * Stops accepting new connections (issue 22: the node drains): the port is closed, so a sender's next connection
     * is refused and a proxy in front passes it to another node. Open connections go on.
     */
    public synchronized void stopAccepting() {
        if (server != null && !server.isClosed()) {
            stopping = true;
            closeQuietly(server);
        }
    }

    /**
     * Drains the listener (issue 22): stops accepting, closes at once every connection with no message in hand, and
     * lets each connection with one answer it and then close. Waits at most {@code within} for the last to close;
     * returns whether all did (those still open are closed by {@link #close}).
     */
    public boolean drain(java.time.Duration within) throws InterruptedException {
        stopAccepting();
        draining = true;
        for (java.util.Map.Entry<Socket, java.util.concurrent.atomic.AtomicInteger> e : states.entrySet()) {
            if (e.getValue().compareAndSet(IDLE, CLOSED)) {
                closeQuietly(e.getKey());
            }
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Connections open now (for the drain's log and health). */
    public int openConnections() {
        return open.size();
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
