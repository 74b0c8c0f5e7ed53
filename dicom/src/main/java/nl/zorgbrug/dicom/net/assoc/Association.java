package nl.zorgbrug.dicom.net.assoc;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import nl.zorgbrug.dicom.net.pdu.AAbort;
import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.AReleaseRp;
import nl.zorgbrug.dicom.net.pdu.AReleaseRq;
import nl.zorgbrug.dicom.net.pdu.PDataTf;
import nl.zorgbrug.dicom.net.pdu.Pdu;
import nl.zorgbrug.dicom.net.pdu.PduProtocolException;
import nl.zorgbrug.dicom.net.pdu.PduReader;
import nl.zorgbrug.dicom.net.pdu.PduWriter;
import nl.zorgbrug.dicom.net.pdu.Pdv;
import nl.zorgbrug.dicom.net.pdu.PresentationContextAc;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.UserInformation;
import nl.zorgbrug.dicom.net.ul.Action;
import nl.zorgbrug.dicom.net.ul.Event;
import nl.zorgbrug.dicom.net.ul.PdvSink;
import nl.zorgbrug.dicom.net.ul.PdvSource;
import nl.zorgbrug.dicom.net.ul.ProtocolMachine;
import nl.zorgbrug.dicom.net.ul.State;

/**
 * One DICOM association over one socket (PS3.8), driven by the {@link ProtocolMachine} table.
 * Reading is blocking and done by one thread at a time (the association's reader); writing is
 * serialised per PDU, and per DIMSE message through {@link #messageLock()} so that messages never
 * interleave (PS3.8 E.2) while an A-ABORT can still slip in between PDUs.
 *
 * <p>ARTIM (PS3.8 9.1.5) is the socket read timeout while the machine is in Sta2, Sta5 or Sta13:
 * a blocking reader needs no separate timer thread.
 */
public final class Association implements PdvSource, PdvSink, Closeable {
    private static final System.Logger LOG = System.getLogger(Association.class.getName());
    /** PDV item header: item length (4), presentation context id (1), message control header (1). */
    private static final int PDV_HEADER = 6;

    private final Socket socket;
    private final AssociationOptions options;
    private final ProtocolMachine machine;
    private final Object pduLock = new Object();
    private final ReentrantLock messageLock = new ReentrantLock();
    private InputStream in;
    private OutputStream out;
    private PduReader reader;
    private String peer;
    private AAssociateRq rq;
    /** The certificate subject the peer presented in the TLS handshake; null without TLS or without a certificate. */
    private Principal tlsPeer;
    private AAssociateAc ac;
    private Map<Integer, PresentationContext> accepted = Map.of();
    private int maxFragment;
    private PDataTf current;
    private int index;
    private boolean fragmentPending;
    /**
     * The P-DATA-TF PDUs of one message are written through a buffer of this size and sent when it is full or the
     * message's last fragment is in (PDUs and PDVs unchanged, only fewer system calls): issue 22, a peer that takes
     * 16 KiB PDUs (dcmtk's default) got each 512 KiB image in 33 writes of one PDU each, 0.17 ms of kernel time per
     * image on the delivering thread.
     */
    static final int OUT_BUFFER = 128 * 1024;
    /** Bounds each PDU write ({@link WriteWatchdog}); null without a watchdog. */
    private final WriteWatchdog.Guard writeGuard;
    private volatile boolean writeTimedOut;

    private Association(Socket socket, AssociationOptions options, boolean requestor, WriteWatchdog watchdog) {
        this.socket = socket;
        this.options = options;
        this.writeGuard = watchdog == null ? null : watchdog.guard(() -> {
            writeTimedOut = true;
            closeSocket();
        }, options.writeTimeout());
        this.machine = new ProtocolMachine(requestor);
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
    }

    // ---------------------------------------------------------------- establishment

    /**
     * Requestor side: connects (AE-1), sends the A-ASSOCIATE-RQ (AE-2) and waits for the answer.
     * The socket may be a TLS socket; it is connected here.
     */
    static Association request(Socket socket, InetSocketAddress address, AAssociateRq rq, AssociationOptions options,
                               WriteWatchdog watchdog) throws IOException {
        Association a = new Association(socket, options, true, watchdog);
        a.peer = rq.calledAeTitle() + "@" + address.getHostString() + ":" + address.getPort();
        a.fire(Event.EVT1);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, options.connectTimeout());
        } catch (IOException e) {
            a.fire(Event.EVT17);
            a.closeSocket();
            throw new IOException("cannot connect to " + a.peer + ": " + e.getMessage(), e);
        }
        if (socket instanceof SSLSocket ssl) {
            socket.setSoTimeout(options.artimTimeout());
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                a.fire(Event.EVT17);
                a.closeSocket();
                throw new IOException("TLS handshake with " + a.peer + " failed: " + e.getMessage(), e);
            }
        }
        a.openStreams();
        a.fire(Event.EVT2);
        a.rq = rq;
        a.sendPdu(rq);
        a.socket.setSoTimeout(options.artimTimeout());
        Pdu pdu = a.readPdu();
        if (pdu instanceof AAssociateAc answer) {
            a.fire(Event.EVT3);
            a.ac = answer;
            a.established(rq, answer);
            a.socket.setSoTimeout(options.responseTimeout());
            return a;
        }
        if (pdu instanceof AAssociateRj rj) {
            a.fire(Event.EVT4);
            a.closeSocket();
            throw new AssociationRejectedException(a.peer, rj);
        }
        throw a.unexpected(pdu, "waiting for A-ASSOCIATE-AC");
    }

    /**
     * Acceptor side: a transport connection was accepted (AE-5); waits ARTIM for the
     * A-ASSOCIATE-RQ and answers it as the policy decides.
     *
     * @throws AssociationRejectedException when we rejected the request (the RJ has been sent)
     */
    static Association accept(Socket socket, AcceptorPolicy policy, AssociationOptions options, WriteWatchdog watchdog)
            throws IOException {
        Association a = new Association(socket, options, false, watchdog);
        a.fire(Event.EVT5);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(options.artimTimeout());
        Principal tlsPeer = null;
        if (socket instanceof SSLSocket ssl) {
            try {
                ssl.startHandshake();
                tlsPeer = ssl.getSession().getPeerPrincipal();
            } catch (SSLPeerUnverifiedException noClientCertificate) {
                tlsPeer = null;
            } catch (IOException e) {
                a.fire(Event.EVT17);
                a.closeSocket();
                throw new IOException("TLS handshake with " + a.peer + " failed: " + e.getMessage(), e);
            }
        }
        a.openStreams();
        Pdu pdu = a.readPdu();
        if (!(pdu instanceof AAssociateRq request)) {
            throw a.unexpected(pdu, "waiting for A-ASSOCIATE-RQ");
        }
        a.rq = request;
        a.tlsPeer = tlsPeer;
        a.peer = request.callingAeTitle() + "@" + a.socket.getInetAddress().getHostAddress() + ":" + a.socket.getPort();
        UserInformation ours = UserInformation.of(options.maxPduLength(), options.implementationClassUid(),
                options.implementationVersionName());
        Negotiator.Decision decision = Negotiator.negotiate(request, policy, ours, tlsPeer);
        if (decision instanceof Negotiator.Reject reject) {
            a.fire(Event.EVT6, true);
            a.sendPdu(reject.rj());
            LOG.log(System.Logger.Level.INFO, "rejected association from {0} to {1}: {2}", a.peer,
                    request.calledAeTitle(), reject.why());
            a.awaitClose();
            throw new AssociationRejectedException(a.peer, reject.rj(), reject.why());
        }
        AAssociateAc answer = ((Negotiator.Accept) decision).ac();
        a.fire(Event.EVT6, false);
        a.fire(Event.EVT7);
        a.ac = answer;
        a.sendPdu(answer);
        a.established(request, answer);
        socket.setSoTimeout(options.idleTimeout());
        return a;
    }

    /**
     * Acceptor side when we are out of association slots: read the request within ARTIM and reject it
     * transiently (PS3.8 Table 9-21, presentation provider, local-limit-exceeded).
     */
    static void rejectBusy(Socket socket, AssociationOptions options) throws IOException {
        AcceptorPolicy busy = new AcceptorPolicy() {
            @Override
            public java.util.Set<String> allowedCallers(String calledAeTitle) {
                return java.util.Set.of();
            }

            @Override
            public List<String> transferSyntaxes(String abstractSyntax) {
                return List.of();
            }
        };
        Association a = new Association(socket, options, false, null);
        a.fire(Event.EVT5);
        a.openStreams();
        socket.setSoTimeout(options.artimTimeout());
        Pdu pdu = a.readPdu();
        if (!(pdu instanceof AAssociateRq)) {
            throw a.unexpected(pdu, "waiting for A-ASSOCIATE-RQ");
        }
        Negotiator.negotiate((AAssociateRq) pdu, busy, UserInformation.of(0, null, null));
        a.fire(Event.EVT6, true);
        a.sendPdu(new AAssociateRj(AAssociateRj.RESULT_TRANSIENT, AAssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                AAssociateRj.REASON_LOCAL_LIMIT_EXCEEDED));
        a.awaitClose();
    }

    private void openStreams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new java.io.BufferedOutputStream(socket.getOutputStream(), OUT_BUFFER);
        reader = new PduReader(in, options.maxPduLength(), peer);
    }

    private void established(AAssociateRq request, AAssociateAc answer) {
        Map<Integer, PresentationContext> map = new LinkedHashMap<>();
        for (PresentationContextAc pc : answer.presentationContexts()) {
            PresentationContextRq proposed = request.presentationContext(pc.id());
            if (pc.accepted() && proposed != null) {
                map.put(pc.id(), new PresentationContext(pc.id(), proposed.abstractSyntax(), pc.transferSyntax()));
            }
        }
        accepted = Collections.unmodifiableMap(map);
        long peerMax = machine.isRequestor() ? answer.userInformation().maxPduLength()
                : request.userInformation().maxPduLength();
        // PS3.8 D.1: 0 means unlimited; we still keep our own ceiling. The PDV header counts.
        long limit = peerMax == 0 ? options.maxSendPduLength() : Math.min(peerMax, options.maxSendPduLength());
        maxFragment = (int) Math.max(2, limit - PDV_HEADER);
        reader = new PduReader(in, options.maxPduLength(), peer);
    }

    // ---------------------------------------------------------------- accessors

    public AAssociateRq request() {
        return rq;
    }

    public AAssociateAc answer() {
        return ac;
    }

    public String callingAeTitle() {
        return rq.callingAeTitle();
    }

    /** The subject of the certificate the peer presented over TLS; null without TLS or without a client certificate. */
    public Principal tlsPeer() {
        return tlsPeer;
    }

    public String calledAeTitle() {
        return rq.calledAeTitle();
    }

    @Override
    public String peer() {
        return peer;
    }

    public State state() {
        synchronized (machine) {
            return machine.state();
        }
    }

    public boolean isRequestor() {
        return machine.isRequestor();
    }

    /** Accepted presentation contexts by id. */
    public Map<Integer, PresentationContext> acceptedContexts() {
        return accepted;
    }

    public PresentationContext context(int id) {
        return accepted.get(id);
    }

    /** The first accepted context for the abstract syntax with one of the transfer syntaxes, or null. */
    public PresentationContext findContext(String abstractSyntax, String transferSyntax) {
        for (PresentationContext pc : accepted.values()) {
            if (pc.abstractSyntax().equals(abstractSyntax)
                    && (transferSyntax == null || pc.transferSyntax().equals(transferSyntax))) {
                return pc;
            }
        }
        return null;
    }

    @Override
    public int maxFragmentLength() {
        return maxFragment;
    }

    /** Held by whoever writes a DIMSE message, so messages never interleave on the wire. */
    public ReentrantLock messageLock() {
        return messageLock;
    }

    public Socket socket() {
        return socket;
    }

    // ---------------------------------------------------------------- data transfer

    @Override
    public void sendPdv(int contextId, boolean command, boolean last, byte[] buf, int off, int len) throws IOException {
        if (off < 12) {
            throw new IllegalArgumentException("sendPdv needs 12 bytes of header room before the fragment");
        }
        if (len > maxFragment) {
            throw new IllegalArgumentException("fragment of " + len + " bytes exceeds the peer's limit " + maxFragment);
        }
        Action action;
        synchronized (machine) {
            if (!machine.allows(Event.EVT9)) {
                throw new IOException("cannot send to " + peer + ": association is in " + machine.state());
            }
            action = machine.fire(Event.EVT9, false);
        }
        assert action == Action.DT_1 || action == Action.AR_7;
        int p = off - 12;
        long pduLength = PDV_HEADER + (long) len;
        buf[p] = Pdu.P_DATA_TF;
        buf[p + 1] = 0;
        putInt(buf, p + 2, pduLength);
        putInt(buf, p + 6, len + 2L);
        buf[p + 10] = (byte) contextId;
        buf[p + 11] = (byte) ((command ? Pdv.COMMAND : 0) | (last ? Pdv.LAST : 0));
        synchronized (pduLock) {
            writeStarted();
            try {
                out.write(buf, p, len + 12);
                if (last) {
                    // The message is whole: on the wire now. Its earlier fragments went out as the buffer filled.
                    out.flush();
                }
            } catch (IOException e) {
                lost(e);
            } finally {
                writeEnded();
            }
        }
    }

    private static void putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }

    /** Whether input has arrived that the next read will return without waiting for the peer. */
    public boolean hasPendingInput() throws IOException {
        return (current != null && index < current.pdvs().size()) || in.available() > 0;
    }

    /**
     * Waits up to {@code millis} for the peer to send anything, consuming nothing: true when input
     * arrived (or the connection closed, which the next read reports), false when the peer stayed
     * silent. A service that may answer either on this association or later on another one (the
     * Storage Commitment report, PS3.4 J.3.3) uses it to see whether the peer waits or moves on.
     */
    public boolean awaitInput(int millis) throws IOException {
        if (hasPendingInput()) {
            return true;
        }
        int before = socket.getSoTimeout();
        socket.setSoTimeout(Math.max(1, millis));
        try {
            in.mark(1);
            if (in.read() >= 0) {
                in.reset();
            }
            return true;
        } catch (SocketTimeoutException silent) {
            return false;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(before);
            }
        }
    }

    @Override
    public Pdv nextPdv() throws IOException {
        while (current == null || index >= current.pdvs().size()) {
            PDataTf p = nextPData();
            if (p == null) {
                return null;
            }
            current = p;
            index = 0;
        }
        Pdv pdv = current.pdvs().get(index++);
        fragmentPending = !pdv.last();
        if (accepted.get(pdv.contextId()) == null) {
            throw protocolError(new PduProtocolException(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "PDV on presentation context " + pdv.contextId() + ", which was not accepted on this association"));
        }
        return pdv;
    }

    /** Reads PDUs until a P-DATA-TF arrives; handles release and abort; null after an orderly release. */
    private PDataTf nextPData() throws IOException {
        while (true) {
            Pdu pdu = readPdu();
            if (pdu instanceof PDataTf p) {
                Action a = fire(Event.EVT10);
                if (a == Action.DT_2 || a == Action.AR_6) {
                    return p;
                }
                if (a == Action.AA_6) {
                    continue;
                }
                throw abortAfter(a, "unexpected P-DATA-TF");
            } else if (pdu instanceof AReleaseRq) {
                Action a = fire(Event.EVT12);
                if (a == Action.AR_2) {
                    if (fragmentPending) {
                        // Pitfall 3: a release request in the middle of a message is a protocol error.
                        throw protocolError(new PduProtocolException(AAbort.REASON_UNEXPECTED_PDU,
                                "A-RELEASE-RQ from " + peer + " in the middle of a DIMSE message"));
                    }
                    fire(Event.EVT14);
                    sendPdu(new AReleaseRp());
                    awaitClose();
                    return null;
                }
                if (a == Action.AR_8) {
                    releaseCollision();
                    return null;
                }
                throw abortAfter(a, "unexpected A-RELEASE-RQ");
            } else if (pdu instanceof AReleaseRp) {
                Action a = fire(Event.EVT13);
                if (a == Action.AR_3) {
                    closeSocket();
                    return null;
                }
                throw abortAfter(a, "unexpected A-RELEASE-RP");
            } else {
                throw unexpected(pdu, "in " + state());
            }
        }
    }

    /**
     * Reads one PDU, turning transport events into state machine events: a clean close (Evt17),
     * a timeout (ARTIM Evt18 in Sta2/Sta13, else our idle/response timeout: we abort), an invalid PDU
     * (Evt19: A-ABORT with the reason) and a received A-ABORT (Evt16). Returns null only in Sta13.
     */
    private Pdu readPdu() throws IOException {
        Pdu pdu;
        try {
            pdu = reader.read();
        } catch (SocketTimeoutException e) {
            State s = state();
            if (s == State.STA2 || s == State.STA13) {
                fire(Event.EVT18);
                closeSocket();
                throw new AssociationAbortedException("ARTIM timer expired after " + options.artimTimeout()
                        + " ms in " + s + " with " + peer + "; connection closed", null, e);
            }
            int waited = socket.getSoTimeout();
            abortLocally(AAbort.byUser());
            throw new AssociationAbortedException("no PDU from " + peer + " within " + waited
                    + " ms in " + s + "; association aborted", AAbort.byUser(), e);
        } catch (PduProtocolException e) {
            throw protocolError(e);
        } catch (EOFException e) {
            lost(e);
            return null;
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw new AssociationAbortedException("association with " + peer + " was closed locally", null, e);
            }
            lost(e);
            return null;
        }
        if (pdu == null) {
            Action a = fire(Event.EVT17);
            closeSocket();
            if (a == Action.AR_5) {
                return null;
            }
            if (a == Action.AA_5) {
                throw new NoAssociationRequestException(peer + " closed the connection before sending an A-ASSOCIATE-RQ");
            }
            throw new AssociationAbortedException(peer + " closed the connection without releasing the association",
                    null, null);
        }
        if (pdu instanceof AAbort abort) {
            fire(Event.EVT16);
            closeSocket();
            throw new AssociationAbortedException(peer + " aborted the association (" + abort.describe() + ")", abort,
                    null);
        }
        return pdu;
    }

    /** The connection failed under us (Evt17): close and report. */
    private void lost(IOException e) throws AssociationAbortedException {
        synchronized (machine) {
            if (machine.allows(Event.EVT17)) {
                machine.fire(Event.EVT17, false);
            }
        }
        closeSocket();
        if (writeTimedOut) {
            throw new AssociationAbortedException(peer + " read nothing of what we sent for " + options.writeTimeout()
                    + " ms; connection closed, association aborted", null, e);
        }
        throw new AssociationAbortedException("connection to " + peer + " lost: " + e.getMessage(), null, e);
    }

    /** Evt19: answer an invalid PDU with an A-ABORT from the service provider carrying the reason. */
    private AssociationAbortedException protocolError(PduProtocolException e) {
        AAbort abort = AAbort.byProvider(e.abortReason());
        synchronized (machine) {
            if (machine.allows(Event.EVT19)) {
                machine.fire(Event.EVT19, false);
            }
        }
        trySend(abort);
        closeSocket();
        return new AssociationAbortedException("protocol error with " + peer + ": " + e.getMessage()
                + "; sent A-ABORT (" + abort.describe() + ")", abort, e);
    }

    private AssociationAbortedException unexpected(Pdu pdu, String when) throws IOException {
        Event event;
        if (pdu instanceof AAssociateAc) {
            event = Event.EVT3;
        } else if (pdu instanceof AAssociateRj) {
            event = Event.EVT4;
        } else if (pdu instanceof AAssociateRq) {
            event = Event.EVT6;
        } else if (pdu instanceof PDataTf) {
            event = Event.EVT10;
        } else if (pdu instanceof AReleaseRq) {
            event = Event.EVT12;
        } else {
            event = Event.EVT13;
        }
        Action a = fire(event);
        return abortAfter(a, "unexpected " + pdu.getClass().getSimpleName() + " " + when);
    }

    /** Performs an abort action the table chose (AA-1, AA-7, AA-8: send an A-ABORT; others: just close). */
    private AssociationAbortedException abortAfter(Action a, String what) {
        AAbort abort = null;
        if (a == Action.AA_1) {
            abort = AAbort.byUser();
        } else if (a == Action.AA_7 || a == Action.AA_8) {
            abort = AAbort.byProvider(AAbort.REASON_UNEXPECTED_PDU);
        }
        if (abort != null) {
            trySend(abort);
        }
        closeSocket();
        return new AssociationAbortedException(what + " from " + peer + "; association aborted"
                + (abort != null ? " (sent A-ABORT, " + abort.describe() + ")" : ""), abort, null);
    }

    // ---------------------------------------------------------------- release and abort

    /** Requestor: A-RELEASE-RQ (AR-1), then wait for A-RELEASE-RP, handling a release collision. */
    public void release() throws IOException {
        synchronized (machine) {
            if (machine.state() != State.STA6) {
                throw new IOException("cannot release the association with " + peer + " in " + machine.state());
            }
            machine.fire(Event.EVT11, false);
        }
        sendPdu(new AReleaseRq());
        socket.setSoTimeout(options.artimTimeout());
        while (true) {
            Pdu pdu = readPdu();
            if (pdu == null) {
                return;
            }
            if (pdu instanceof PDataTf) {
                Action a = fire(Event.EVT10);
                if (a == Action.AR_6) {
                    // P-DATA that crossed our release request (pitfall 3): indicated, then dropped.
                    LOG.log(System.Logger.Level.DEBUG, "P-DATA-TF from {0} after our A-RELEASE-RQ ignored", peer);
                    continue;
                }
                throw abortAfter(a, "unexpected P-DATA-TF during release");
            } else if (pdu instanceof AReleaseRp) {
                Action a = fire(Event.EVT13);
                if (a == Action.AR_3 || a == Action.AR_10) {
                    if (a == Action.AR_10) {
                        fire(Event.EVT14);
                        sendPdu(new AReleaseRp());
                        awaitClose();
                    } else {
                        closeSocket();
                    }
                    return;
                }
                throw abortAfter(a, "unexpected A-RELEASE-RP");
            } else if (pdu instanceof AReleaseRq) {
                Action a = fire(Event.EVT12);
                if (a == Action.AR_8) {
                    releaseCollision();
                    return;
                }
                throw abortAfter(a, "unexpected A-RELEASE-RQ");
            } else {
                throw unexpected(pdu, "during release");
            }
        }
    }

    /** Both sides asked for release at once (PS3.8 9.2.2, Sta9-Sta12). */
    private void releaseCollision() throws IOException {
        if (machine.isRequestor()) {
            fire(Event.EVT14);             // AR-9, Sta9 -> Sta11
            sendPdu(new AReleaseRp());
            Pdu pdu = readPdu();
            if (pdu instanceof AReleaseRp) {
                fire(Event.EVT13);         // AR-3, close
                closeSocket();
                return;
            }
            throw unexpected(pdu, "in a release collision");
        }
        Pdu pdu = readPdu();               // Sta10: wait for the requestor's A-RELEASE-RP
        if (pdu instanceof AReleaseRp) {
            fire(Event.EVT13);             // AR-10, Sta12
            fire(Event.EVT14);             // AR-4, Sta13
            sendPdu(new AReleaseRp());
            awaitClose();
            return;
        }
        throw unexpected(pdu, "in a release collision");
    }

    /** Sta13: wait (ARTIM) for the peer to close the transport connection, then close it ourselves. */
    private void awaitClose() {
        try {
            socket.setSoTimeout(options.artimTimeout());
            while (true) {
                Pdu pdu = readPdu();
                if (pdu == null) {
                    return;
                }
                Action a = fire(pdu instanceof AAssociateRq ? Event.EVT6 : pdu instanceof PDataTf ? Event.EVT10
                        : pdu instanceof AReleaseRq ? Event.EVT12 : pdu instanceof AReleaseRp ? Event.EVT13
                        : pdu instanceof AAssociateAc ? Event.EVT3 : Event.EVT4);
                if (a == Action.AA_7) {
                    trySend(AAbort.byProvider(AAbort.REASON_UNEXPECTED_PDU));
                }
            }
        } catch (IOException e) {
            // ARTIM expired or the peer went away: either way the connection is closed now.
        } finally {
            closeSocket();
        }
    }

    /** A-ABORT from us as service user (AA-1), then close. Safe to call in any state. */
    public void abort() {
        abortLocally(AAbort.byUser());
    }

    private void abortLocally(AAbort abort) {
        boolean send;
        synchronized (machine) {
            State s = machine.state();
            send = machine.allows(Event.EVT15) && s != State.STA4;
            if (machine.allows(Event.EVT15)) {
                machine.fire(Event.EVT15, false);
            }
        }
        if (send) {
            trySend(abort);
        }
        closeSocket();
    }

    /** Aborts when still established (a caller that forgot to release), else just closes. */
    @Override
    public void close() {
        State s = state();
        if (s != State.STA1 && s != State.STA13) {
            abort();
        }
        closeSocket();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    // ---------------------------------------------------------------- helpers

    private Action fire(Event event) {
        return fire(event, false);
    }

    private Action fire(Event event, boolean notAcceptable) {
        synchronized (machine) {
            return machine.fire(event, notAcceptable);
        }
    }

    private void sendPdu(Pdu pdu) throws IOException {
        byte[] bytes = PduWriter.encode(pdu);
        synchronized (pduLock) {
            writeStarted();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                lost(e);
            } finally {
                writeEnded();
            }
        }
    }

    private void writeStarted() {
        if (writeGuard != null) {
            writeGuard.started();
        }
    }

    private void writeEnded() {
        if (writeGuard != null) {
            writeGuard.ended();
        }
    }

    private void trySend(Pdu pdu) {
        try {
            byte[] bytes = PduWriter.encode(pdu);
            synchronized (pduLock) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send {0} to {1}: {2}", pdu, peer, e.getMessage());
        }
    }

    private void closeSocket() {
        if (writeGuard != null) {
            writeGuard.close();
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing connection to {0}: {1}", peer, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Association[" + (rq == null ? peer : rq.callingAeTitle() + "->" + rq.calledAeTitle()) + ", " + state() + "]";
    }
}
