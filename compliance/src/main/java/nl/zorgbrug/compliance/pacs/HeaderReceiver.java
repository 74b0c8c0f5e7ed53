package nl.zorgbrug.compliance.pacs;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StoreRequest;

/**
 * The PACS scan's own storage SCP for C-MOVE (PS3.4 C.4.2): it listens under the scan's AE title for the C-STORE
 * sub-operations of the scan's C-MOVE requests, reads each expected instance's header up to (0020,000E) from the
 * stream and answers Success; the rest of the object is drained by the toolkit and never stored. An instance that no
 * request of the scan expects (a PACS that sends more than the one instance asked for) is answered Success unread, so
 * the PACS does not retry it. Started when the scan first needs C-MOVE, closed when the scan ends.
 */
final class HeaderReceiver implements AutoCloseable {
    private static final long STOP_BEFORE = Integer.toUnsignedLong(Tag.SeriesInstanceUID);

    /**
     * What we accept: the compressed syntaxes first (the header before the pixel data is explicit VR little endian
     * in all of them, so the PACS need not decompress), then the uncompressed ones. Deflate is left out: its header
     * would have to be inflated first.
     */
    private static final List<String> TRANSFER_SYNTAXES;

    static {
        List<String> ts = new ArrayList<>();
        for (String uid : DicomServer.DEFAULT_TRANSFER_SYNTAXES) {
            if (!TransferSyntax.of(uid).deflated()) {
                ts.add(uid);
            }
        }
        TRANSFER_SYNTAXES = List.copyOf(ts);
    }

    private final MoveDestination destination;
    private final Acceptor acceptor;
    private final Map<String, CompletableFuture<DataSet>> expected = new ConcurrentHashMap<>();
    private final AtomicLong unexpected = new AtomicLong();

    private HeaderReceiver(MoveDestination destination, AssociationOptions options) {
        this.destination = destination;
        DicomServer server = new DicomServer(Map.of(destination.aeTitle(), Set.of()), this::store, true,
                TRANSFER_SYNTAXES);
        this.acceptor = new Acceptor(server, server, options, 8);
    }

    /** Starts listening; a port in use stops the scan with what to do (the PACS knows only this one port). */
    static HeaderReceiver start(MoveDestination destination, AssociationOptions options) throws PacsRefusedException {
        HeaderReceiver r = new HeaderReceiver(destination, options);
        try {
            r.acceptor.start(destination.bind(), destination.port());
        } catch (BindException e) {
            throw new PacsRefusedException("cannot listen on " + destination.bind().getHostAddress() + " port "
                    + destination.port() + " for the PACS's C-MOVE to AE title " + destination.aeTitle() + ": "
                    + e.getMessage() + ". Another program holds the port: stop it, or choose a free port with"
                    + " --move-port and register that port for AE title " + destination.aeTitle() + " in the PACS", e);
        } catch (IOException e) {
            throw new PacsRefusedException("cannot listen on port " + destination.port() + " for the PACS's C-MOVE: "
                    + e.getMessage(), e);
        }
        return r;
    }

    MoveDestination destination() {
        return destination;
    }

    /** Announces that a C-MOVE for this instance is about to be sent; {@link #await} gives its header. */
    void expect(String sopInstanceUid) {
        expected.put(sopInstanceUid, new CompletableFuture<>());
    }

    /**
     * The header of an expected instance, waiting at most {@code millis} for it (the PACS answers the C-MOVE after its
     * sub-operations, and we answer a sub-operation only after its header is read, so it is normally here already);
     * null when it did not come. Either way the instance is no longer expected.
     */
    DataSet await(String sopInstanceUid, long millis) throws InterruptedException {
        CompletableFuture<DataSet> f = expected.get(sopInstanceUid);
        try {
            return f == null ? null : f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return null;
        } finally {
            expected.remove(sopInstanceUid);
        }
    }

    /** Instances that arrived without being asked for (answered Success, not read). */
    long unexpected() {
        return unexpected.get();
    }

    private Status store(StoreRequest request, java.io.InputStream in) throws IOException {
        CompletableFuture<DataSet> slot = expected.get(request.sopInstanceUid());
        if (slot == null) {
            unexpected.incrementAndGet();
            return Status.SUCCESS;
        }
        DataSet header = new DicomReader(new DicomInput(in, request.callingAeTitle() + " instance "
                + request.sopInstanceUid(), 0, -1)).readDataSet(request.transferSyntax(), STOP_BEFORE);
        slot.complete(header);
        return Status.SUCCESS;
    }

    @Override
    public void close() {
        acceptor.close();
    }
}
