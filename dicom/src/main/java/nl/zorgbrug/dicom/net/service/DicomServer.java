package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.assoc.AcceptorPolicy;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationAbortedException;
import nl.zorgbrug.dicom.net.assoc.AssociationHandler;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.ul.PDataInputStream;

/**
 * The SCP side: an {@link AcceptorPolicy} for Verification and the Storage SOP classes, and the
 * dispatcher that serves an association message by message (C-ECHO, C-STORE). Operations are
 * performed one at a time per association (asynchronous operations window 1/1).
 */
public final class DicomServer implements AcceptorPolicy, AssociationHandler {
    private static final System.Logger LOG = System.getLogger(DicomServer.class.getName());

    /**
     * Our transfer syntax preference as acceptor. A gateway stores what it receives, so it prefers
     * to receive an object as the sender holds it: the encapsulated (compressed) syntaxes first,
     * which spares the sender a decompression it may not be able to do and keeps the original
     * pixels; then explicit VR little endian (keeps VRs), implicit VR little endian, deflated and
     * big endian.
     */
    public static final List<String> DEFAULT_TRANSFER_SYNTAXES;

    static {
        List<String> ts = new ArrayList<>();
        for (TransferSyntax t : TransferSyntax.all()) {
            if (t.encapsulated()) {
                ts.add(t.uid());
            }
        }
        ts.add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        ts.add(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        ts.add(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        ts.add(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
        DEFAULT_TRANSFER_SYNTAXES = Collections.unmodifiableList(ts);
    }

    private final Map<String, Set<String>> aeTitles;
    private final CStoreHandler storeHandler;
    private final boolean acceptAnySopClass;
    private final List<String> transferSyntaxes;
    private final Map<String, javax.security.auth.x500.X500Principal> certificateBindings;

    /**
     * @param aeTitles          the AE titles we answer to, each with its allowed calling AE titles (empty: any)
     * @param storeHandler      receives C-STORE data sets; null to offer Verification only
     * @param acceptAnySopClass accept any proposed SOP class for storage, not only those of PS3.4 Annex B
     */
    public DicomServer(Map<String, Set<String>> aeTitles, CStoreHandler storeHandler, boolean acceptAnySopClass,
                       List<String> transferSyntaxes) {
        this.aeTitles = Map.copyOf(aeTitles);
        this.storeHandler = storeHandler;
        this.acceptAnySopClass = acceptAnySopClass;
        this.transferSyntaxes = List.copyOf(transferSyntaxes);
        this.certificateBindings = Map.of();
    }

    private DicomServer(DicomServer base, Map<String, javax.security.auth.x500.X500Principal> bindings) {
        this.aeTitles = base.aeTitles;
        this.storeHandler = base.storeHandler;
        this.acceptAnySopClass = base.acceptAnySopClass;
        this.transferSyntaxes = base.transferSyntaxes;
        this.certificateBindings = Map.copyOf(bindings);
    }

    /**
     * Binds calling AE titles to TLS certificate subjects (distinguished names, RFC 4514): a caller
     * using a bound AE title must present exactly that certificate subject, else it is rejected as
     * calling-AE-title-not-recognized. AE titles without a binding are not checked.
     */
    public DicomServer withCertificateBindings(Map<String, String> callingAeToSubject) {
        Map<String, javax.security.auth.x500.X500Principal> m = new java.util.HashMap<>();
        callingAeToSubject.forEach((ae, dn) -> m.put(ae, new javax.security.auth.x500.X500Principal(dn)));
        return new DicomServer(this, m);
    }

    @Override
    public boolean acceptsPeerIdentity(String calledAeTitle, String callingAeTitle, java.security.Principal tlsPeer) {
        javax.security.auth.x500.X500Principal required = certificateBindings.get(callingAeTitle);
        return required == null || (tlsPeer instanceof javax.security.auth.x500.X500Principal x && x.equals(required));
    }

    public DicomServer(Map<String, Set<String>> aeTitles, CStoreHandler storeHandler) {
        this(aeTitles, storeHandler, false, DEFAULT_TRANSFER_SYNTAXES);
    }

    // ---- AcceptorPolicy

    @Override
    public Set<String> allowedCallers(String calledAeTitle) {
        return aeTitles.get(calledAeTitle);
    }

    @Override
    public List<String> transferSyntaxes(String abstractSyntax) {
        if (StorageSopClasses.VERIFICATION.equals(abstractSyntax)) {
            return List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                    TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
        }
        if (storeHandler != null && (acceptAnySopClass || StorageSopClasses.isStorage(abstractSyntax))) {
            return transferSyntaxes;
        }
        return List.of();
    }

    // ---- AssociationHandler

    @Override
    public void serve(Association association) throws IOException {
        Dimse dimse = new Dimse(association);
        while (true) {
            DimseMessage msg = dimse.read();
            if (msg == null) {
                return;
            }
            CommandSet cmd = msg.command();
            PresentationContext pc = association.context(msg.contextId());
            switch (cmd.commandField()) {
                case CommandField.C_ECHO_RQ:
                    dimse.write(msg.contextId(), CommandSet.response(cmd, Status.SUCCESS), null);
                    break;
                case CommandField.C_STORE_RQ:
                    Status status = store(association, pc, cmd, msg.dataSet());
                    dimse.write(msg.contextId(), CommandSet.response(cmd, status), null);
                    break;
                default:
                    if (CommandField.isResponse(cmd.commandField()) || cmd.commandField() == CommandField.C_CANCEL_RQ) {
                        LOG.log(System.Logger.Level.DEBUG, "ignoring {0} from {1}", cmd, association.peer());
                        break;
                    }
                    dimse.write(msg.contextId(), CommandSet.response(cmd, Status.UNRECOGNIZED_OPERATION
                            .withComment(CommandField.name(cmd.commandField()) + " not supported")), null);
            }
        }
    }

    private Status store(Association association, PresentationContext pc, CommandSet cmd, PDataInputStream data)
            throws IOException {
        Status status = storeOrFail(association, pc, cmd, data);
        if (data != null && !association.isClosed()) {
            // The response follows the whole data set, also when the handler stopped reading early.
            data.drain();
        }
        return status;
    }

    private Status storeOrFail(Association association, PresentationContext pc, CommandSet cmd, InputStream data)
            throws IOException {
        String cuid = cmd.affectedSopClassUid();
        String iuid = cmd.affectedSopInstanceUid();
        if (data == null) {
            return Status.CANNOT_UNDERSTAND.withComment("C-STORE-RQ without a data set");
        }
        if (storeHandler == null || cuid == null || !cuid.equals(pc.abstractSyntax())) {
            // PS3.7 9.1.1: the SOP class must be the presentation context's abstract syntax.
            return Status.SOP_CLASS_NOT_SUPPORTED.withComment("SOP class " + cuid + " on a context for "
                    + pc.abstractSyntax());
        }
        if (iuid == null || iuid.isEmpty()) {
            return Status.CANNOT_UNDERSTAND.withComment("no Affected SOP Instance UID");
        }
        StoreRequest request = new StoreRequest(association.callingAeTitle(), association.calledAeTitle(), cuid, iuid,
                TransferSyntax.of(pc.transferSyntax()), cmd.integer(CommandSet.Priority, 0),
                cmd.string(CommandSet.MoveOriginatorApplicationEntityTitle),
                cmd.integer(CommandSet.MoveOriginatorMessageID, -1));
        try {
            return storeHandler.store(request, data);
        } catch (DimseStatusException e) {
            return e.status();
        } catch (AssociationAbortedException e) {
            throw e;
        } catch (IOException e) {
            if (association.isClosed()) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "storing " + iuid + " from " + association.peer() + " failed: "
                    + e.getMessage());
            return Status.OUT_OF_RESOURCES.withComment(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "store handler failed on " + iuid + " from " + association.peer(), e);
            return Status.PROCESSING_FAILURE.withComment(e.toString());
        }
    }
}
