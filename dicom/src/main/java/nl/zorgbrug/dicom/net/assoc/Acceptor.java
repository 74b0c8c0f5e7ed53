package nl.zorgbrug.dicom.net.assoc;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ServerSocketFactory;

/**
 * Listens for associations: one thread accepts, each connection gets its own thread that runs the
 * upper-layer handshake and then the {@link AssociationHandler}. At most {@code maxAssociations}
 * are served at once; beyond that a request is rejected transiently with local-limit-exceeded.
 * With {@link #withMaxConnectionsPerAddress}, one remote address holds at most that many connections (never more
 * than three quarters of the slots, so room stays for other senders); a connection beyond that is closed at once, before
 * its handshake, so idle sockets of one host cannot keep every real association out for the ARTIM time.
 * A failing association never stops the listener.
 */
public final class Acceptor implements Closeable {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final AcceptorPolicy policy;
    private final AssociationHandler handler;
    private final AssociationOptions options;
    private final int maxAssociations;
    private final Semaphore slots;
    /** Connections beyond the limit are answered with a transient rejection; this bounds those answers too. */
    private final Semaphore rejecters;
    private final ServerSocketFactory serverSocketFactory;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();
    private final WriteWatchdog watchdog = new WriteWatchdog();
    private ServerSocket server;
    private ExecutorService workers;
    private Thread acceptThread;
    private ConnectionsPerAddress perAddress;

    public Acceptor(AcceptorPolicy policy, AssociationHandler handler, AssociationOptions options, int maxAssociations) {
        this(policy, handler, options, maxAssociations, ServerSocketFactory.getDefault());
    }

    /** With an {@code SSLServerSocketFactory} for DICOM TLS. */
    public Acceptor(AcceptorPolicy policy, AssociationHandler handler, AssociationOptions options, int maxAssociations,
                    ServerSocketFactory serverSocketFactory) {
        this.policy = policy;
        this.handler = handler;
        this.options = options;
        this.maxAssociations = maxAssociations;
        this.slots = new Semaphore(maxAssociations);
        this.rejecters = new Semaphore(Math.max(4, maxAssociations / 4));
        this.serverSocketFactory = serverSocketFactory;
    }

    /**
     * Limits the connections one remote address may hold at once (before {@link #start}). The limit is lowered
     * to leave a quarter of {@code maxAssociations} (at least one) to other addresses. Without this call there
     * is no limit per address (a test tool, a benchmark).
     */
    public synchronized Acceptor withMaxConnectionsPerAddress(int max) {
        if (server != null) {
            throw new IllegalStateException("set the connection limit per address before the acceptor starts");
        }
        if (max < 1) {
            throw new IllegalArgumentException("connections per remote address must be at least 1, not " + max);
        }
        int reserved = Math.max(1, maxAssociations / 4);
        perAddress = new ConnectionsPerAddress(Math.max(1, Math.min(max, maxAssociations - reserved)));
        return this;
    }

    /** Binds to address:port (port 0 picks a free one) and starts accepting. */
    public synchronized Acceptor start(InetAddress address, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("acceptor already started on port " + server.getLocalPort());
        }
        if (perAddress == null) {
            perAddress = new ConnectionsPerAddress(Integer.MAX_VALUE);
        }
        ServerSocket ss = serverSocketFactory.createServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(address, port), 128);
        server = ss;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "dicom-assoc-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        workers = Executors.newCachedThreadPool(tf);
        acceptThread = new Thread(this::acceptLoop, "dicom-acceptor-" + ss.getLocalPort());
        acceptThread.setDaemon(true);
        acceptThread.start();
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Number of associations that were established and handed to the handler. */
    public int associationsServed() {
        return served.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed on port {0}: {1}", port(), e.getMessage());
                }
                continue;
            }
            InetAddress remote = socket.getInetAddress();
            if (!perAddress.tryOpen(remote)) {
                refuse(socket, remote);
                continue;
            }
            open.add(socket);
            try {
                workers.execute(() -> handle(socket));
            } catch (RuntimeException e) {
                closed(socket);
                closeQuietly(socket);
            }
        }
    }

    /**
     * A connection beyond the limit of its address is closed at once: answering it with an A-ASSOCIATE-RJ
     * would mean waiting for its A-ASSOCIATE-RQ, which is what the idle connections never send.
     */
    private void refuse(Socket socket, InetAddress remote) {
        closeQuietly(socket);
        int refused = perAddress.refusalsToLog(remote, System.nanoTime());
        if (refused > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} already holds {1} connections on port {2}, the most one address"
                    + " may hold; closed {3} more connections from it at once (logged once a minute per address)",
                    remote.getHostAddress(), perAddress.limit(), port(), refused);
        }
    }

    private void handle(Socket socket) {
        boolean slot = slots.tryAcquire();
        try {
            if (!slot) {
                if (rejecters.tryAcquire()) {
                    try {
                        Association.rejectBusy(socket, options);
                    } finally {
                        rejecters.release();
                    }
                } else {
                    // A flood: not even a rejection, the connection is simply closed (in finally).
                    LOG.log(System.Logger.Level.WARNING, "too many connections; closing " + socket.getRemoteSocketAddress()
                            + " without an answer");
                }
                return;
            }
            Association association = Association.accept(socket, policy, options, watchdog);
            served.incrementAndGet();
            try {
                handler.serve(association);
            } finally {
                association.close();
            }
        } catch (AssociationRejectedException e) {
            LOG.log(System.Logger.Level.INFO, e.getMessage());
        } catch (NoAssociationRequestException e) {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association from " + socket.getRemoteSocketAddress() + " ended: "
                    + e.getMessage());
        } finally {
            if (slot) {
                slots.release();
            }
            closeQuietly(socket);
            closed(socket);
        }
    }

    /** Connections currently being served (handshake included). */
    public int openConnections() {
        return open.size();
    }

    /**
     * Waits until no connection is being served, e.g. before inspecting what a broken association
     * left behind; returns false when connections are still open after {@code millis}.
     */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (open) {
            while (!open.isEmpty()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                open.wait(left);
            }
        }
        return true;
    }

    private void closed(Socket socket) {
        synchronized (open) {
            if (open.remove(socket)) {
                perAddress.closed(socket.getInetAddress());
            }
            open.notifyAll();
        }
    }

    /**
     * Stops accepting: the listening socket is closed, so a new connection is refused at once (a load balancer in
     * TCP mode sends it to another node), while the associations being served go on ({@link #awaitIdle}).
     */
    public synchronized void stopAccepting() {
        if (server != null) {
            closeQuietly(server);
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public synchronized void close() {
        if (server == null || workers.isShutdown()) {
            return;
        }
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        workers.shutdown();
        watchdog.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            acceptThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing on shutdown: nothing left to do
        }
    }
}
