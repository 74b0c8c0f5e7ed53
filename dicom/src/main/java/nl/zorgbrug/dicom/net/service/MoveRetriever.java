package nl.zorgbrug.dicom.net.service;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.AssociationRejectedException;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * One instance fetched from a DIMSE-only PACS by C-MOVE (PS3.4 C.4.2, Study Root, IMAGE level) to a storage SCP of its
 * own, the <b>move destination</b>: the PACS opens an association to the AE title the C-MOVE names, at the host and port
 * its own configuration lists for that AE title (C-MOVE carries only the AE title, PS3.4 C.4.2.1.4.1), and stores the
 * instance there as a C-STORE sub-operation; the receiver writes it as a PS3.10 file and hands the file to the waiting
 * caller. The PACS's final C-MOVE response comes after its sub-operations, and the receiver answers a sub-operation
 * only once the file is written, so the file is there when the response says completed.
 *
 * <p><b>Why a receiver of its own</b>, not the node's storage SCP: an instance arriving at the node's SCP goes into the
 * route of the called AE title (spooled, swapped, sent on), while a retrieval needs the one instance back in the hand of
 * the code that asked, to go into the import route's tracking (issue 20 part 3) or through the export swap to a
 * consumer (part 2). So the move destination is an AE title of its own at a port of its own, which the PACS must list
 * (as a hospital registers any DICOM node); the receiver listens only while a retrieval is under way (started by the
 * first, closed when the last ends), and refuses an instance nobody asked for (0x0124, not authorized) instead of
 * keeping it.
 *
 * <p>What the PACS answers decides what the caller is told: 0xA801 (Refused: Move Destination unknown, PS3.4 C.4.2.1.5)
 * is a {@link DestinationUnknownException} naming the AE title, host and port to register in the PACS; a PACS that
 * could not reach the receiver (0xA702, or failed sub-operations) names the port that must be reachable from it; a
 * Success with nothing completed is "the PACS does not have it" ({@code null}).
 */
public final class MoveRetriever {

    /** A PACS as the node reaches it: its address and the connector (plain, or TLS when its entry says so). */
    public record Target(RemoteAe peer, Connector connector) {
        public Target {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(connector, "connector");
        }
    }

    /**
     * Where the receiver listens and under which AE title: what the PACS must have registered as a move destination.
     *
     * @param host the host name or address the PACS must list for the AE title (for the messages; may differ from
     *             the bind address behind a NAT)
     */
    public record Destination(String aeTitle, InetAddress bind, int port, String host) {
        public Destination {
            Objects.requireNonNull(aeTitle, "aeTitle");
            Objects.requireNonNull(bind, "bind");
            if (aeTitle.isBlank() || aeTitle.length() > 16 || aeTitle.contains("\\")) {
                throw new IllegalArgumentException("the move destination's AE title must be 1 to 16 characters"
                        + " without a backslash (PS3.5 6.2 AE), not '" + aeTitle + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the move destination's port must be 1 to 65535, not " + port
                        + ": the PACS must know it in advance");
            }
            host = host == null || host.isBlank() ? bind.getHostAddress() : host.strip();
        }

        @Override
        public String toString() {
            return "AE title " + aeTitle + " at " + host + " port " + port;
        }
    }

    /** The PACS refused the C-MOVE because it does not know the move destination's AE title (0xA801). */
    public static final class DestinationUnknownException extends IOException {
        public DestinationUnknownException(String message) {
            super(message);
        }
    }

    private static final Status NOT_AUTHORIZED = new Status(0x0124, null);

    private final Destination destination;
    private final Path directory;
    private final AssociationOptions options;
    private final long waitMillis;
    private final Map<String, CompletableFuture<Path>> expected = new ConcurrentHashMap<>();
    private Acceptor acceptor;
    private int inFlight;

    /**
     * @param directory where received instances are written, each until its caller has taken it
     * @param wait      how long after the PACS's final response an instance may still be on its way
     */
    public MoveRetriever(Destination destination, Path directory, AssociationOptions options, Duration wait) {
        this.destination = Objects.requireNonNull(destination);
        this.directory = Objects.requireNonNull(directory);
        this.options = Objects.requireNonNull(options);
        this.waitMillis = wait.toMillis();
    }

    public Destination destination() {
        return destination;
    }

    /** {@link #retrieve(Connector, RemoteAe, String, String, String)} at a target. */
    public Path retrieve(Target pacs, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid)
            throws IOException {
        return retrieve(pacs.connector(), pacs.peer(), studyInstanceUid, seriesInstanceUid, sopInstanceUid);
    }

    /**
     * Fetches one instance by C-MOVE into a file of the receiver's directory, which the caller owns (and deletes).
     *
     * @return the PS3.10 file, or null when the PACS answered that it has no such instance
     * @throws DestinationUnknownException the PACS does not know the move destination's AE title
     * @throws IOException                 the PACS could not be reached, refused, or could not deliver
     */
    public Path retrieve(Connector connector, RemoteAe pacs, String studyInstanceUid, String seriesInstanceUid,
                         String sopInstanceUid) throws IOException {
        CompletableFuture<Path> slot = new CompletableFuture<>();
        if (expected.putIfAbsent(sopInstanceUid, slot) != null) {
            throw new IOException("instance " + sopInstanceUid + " is already being retrieved by C-MOVE; try again"
                    + " when that retrieval has ended");
        }
        try {
            listen();
            try {
                return move(connector, pacs, studyInstanceUid, seriesInstanceUid, sopInstanceUid, slot);
            } finally {
                unlisten();
            }
        } finally {
            expected.remove(sopInstanceUid, slot);
            if (!slot.isDone()) {
                slot.cancel(false);
            }
        }
    }

    private Path move(Connector connector, RemoteAe pacs, String study, String series, String sop,
                      CompletableFuture<Path> slot) throws IOException {
        DataSet keys = new DataSet();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
        keys.setString(Tag.StudyInstanceUID, VR.UI, study);
        keys.setString(Tag.SeriesInstanceUID, VR.UI, series);
        keys.setString(Tag.SOPInstanceUID, VR.UI, sop);
        RetrieveScu.Result result;
        try (Association as = connector.connect(pacs.host(), pacs.port(), connector.request(pacs.callingAeTitle(),
                pacs.aeTitle(), List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_MOVE)), List.of(), null))) {
            result = RetrieveScu.move(new Dimse(as), QueryRetrieve.STUDY_ROOT_MOVE, keys, destination.aeTitle());
            as.release();
        } catch (AssociationRejectedException e) {
            throw new IOException("the PACS " + pacs + " refused the association from AE title "
                    + pacs.callingAeTitle() + " (" + e.getMessage() + "): it must know this node's AE title "
                    + pacs.callingAeTitle() + " as a node that may retrieve (C-MOVE)", e);
        } catch (IOException e) {
            throw new IOException("C-MOVE of instance " + sop + " from the PACS " + pacs + " (AE title "
                    + pacs.callingAeTitle() + "): " + e.getMessage(), e);
        }
        Status status = result.status();
        if (status.code() == 0xA801) {
            throw new DestinationUnknownException("the PACS " + pacs + " does not know the move destination "
                    + destination + " (C-MOVE status A801, PS3.4 C.4.2.1.5): register AE title "
                    + destination.aeTitle() + " with host " + destination.host() + " and port " + destination.port()
                    + " in that PACS as a DICOM node it may send to; nothing was fetched, the retrieval is retried");
        }
        Path file = await(slot);
        if (file != null) {
            return file;
        }
        if (status.code() == 0xA702 || result.failed() > 0) {
            throw new IOException("the PACS " + pacs + " could not deliver instance " + sop + " to the move"
                    + " destination " + destination + " (C-MOVE " + status + ", " + result.failed() + " failed): the"
                    + " PACS must reach that host and port, and list that AE title with them; retried");
        }
        if (status.isSuccess() && result.completed() == 0 && result.warning() == 0) {
            return null;
        }
        if (status.isFailure()) {
            throw new IOException("the PACS " + pacs + " refused C-MOVE of instance " + sop + " from AE title "
                    + pacs.callingAeTitle() + " with " + status + "; retried");
        }
        throw new IOException("the PACS " + pacs + " answered C-MOVE of instance " + sop + " with " + status + " ("
                + result.completed() + " completed, " + result.failed() + " failed) but the instance did not reach"
                + " the move destination " + destination + " within " + waitMillis + " ms");
    }

    private Path await(CompletableFuture<Path> slot) throws IOException {
        try {
            return slot.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a C-MOVE sub-operation", e);
        } catch (ExecutionException e) {
            throw new IOException("the move destination could not write the instance: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private synchronized void listen() throws IOException {
        if (inFlight++ > 0) {
            return;
        }
        DicomServer server = new DicomServer(Map.of(destination.aeTitle(), Set.of()), this::store, true,
                DicomServer.DEFAULT_TRANSFER_SYNTAXES);
        Acceptor a = new Acceptor(server, server, options, 8);
        try {
            a.start(destination.bind(), destination.port());
        } catch (BindException e) {
            inFlight--;
            a.close();
            throw new IOException("cannot listen on " + destination.bind().getHostAddress() + " port "
                    + destination.port() + " as move destination " + destination.aeTitle() + ": " + e.getMessage()
                    + ". Another program holds the port: stop it, or choose a free port and register it for AE title "
                    + destination.aeTitle() + " in the PACS", e);
        } catch (IOException e) {
            inFlight--;
            a.close();
            throw e;
        }
        acceptor = a;
    }

    private synchronized void unlisten() {
        if (--inFlight == 0 && acceptor != null) {
            acceptor.close();
            acceptor = null;
        }
    }

    /** A C-STORE sub-operation: an expected instance written whole as a PS3.10 file, anything else refused. */
    private Status store(StoreRequest request, InputStream dataSet) throws IOException, DimseStatusException {
        CompletableFuture<Path> slot = expected.get(request.sopInstanceUid());
        if (slot == null || slot.isDone()) {
            throw new DimseStatusException(NOT_AUTHORIZED, "this move destination takes only the instances it asked"
                    + " for");
        }
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, "moved-", ".dcm");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024)) {
                Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create(request.sopClassUid(),
                        request.sopInstanceUid(), request.transferSyntax(), request.callingAeTitle()), out);
                dataSet.transferTo(out);
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            slot.completeExceptionally(e);
            throw e;
        }
        if (!slot.complete(file)) {
            Files.deleteIfExists(file);
        }
        return Status.SUCCESS;
    }
}
