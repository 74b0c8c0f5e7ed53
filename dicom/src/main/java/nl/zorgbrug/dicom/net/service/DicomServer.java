package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.assoc.AcceptorPolicy;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationHandler;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;

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
    private final Map<String, X500Principal> certificateBindings;
    private final CFindHandler findHandler;
    private final StorageCommitment.Handler commitmentHandler;
    private final StorageCommitment.Provider commitmentProvider;
    private final int commitmentLingerMillis;
    private final CertificateBinding certificateBinding;

    /**
     * The TLS certificate subject (RFC 4514) a calling AE title is bound to, or null when it is not
     * bound; asked for every association, so the binding may come from a table that changes.
     */
    @FunctionalInterface
    public interface CertificateBinding {
        String subjectOf(String callingAeTitle);
    }

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
        this.findHandler = null;
        this.commitmentHandler = null;
        this.commitmentProvider = null;
        this.commitmentLingerMillis = 0;
        this.certificateBinding = null;
    }

    private DicomServer(DicomServer base, Map<String, X500Principal> bindings,
                        CFindHandler findHandler, StorageCommitment.Handler commitmentHandler) {
        this(base, bindings, findHandler, commitmentHandler, base.commitmentProvider, base.commitmentLingerMillis,
                base.certificateBinding);
    }

    private DicomServer(DicomServer base, Map<String, X500Principal> bindings, CFindHandler findHandler,
                        StorageCommitment.Handler commitmentHandler, StorageCommitment.Provider provider,
                        int lingerMillis, CertificateBinding binding) {
        this.aeTitles = base.aeTitles;
        this.storeHandler = base.storeHandler;
        this.acceptAnySopClass = base.acceptAnySopClass;
        this.transferSyntaxes = base.transferSyntaxes;
        this.certificateBindings = Map.copyOf(bindings);
        this.findHandler = findHandler;
        this.commitmentHandler = commitmentHandler;
        this.commitmentProvider = provider;
        this.commitmentLingerMillis = lingerMillis;
        this.certificateBinding = binding;
    }

    /**
     * Also serve Storage Commitment Push Model as SCP (PS3.4 J.3): an N-ACTION-RQ is answered, the
     * provider decides what is committed, and the N-EVENT-REPORT goes back on the same association when
     * the SCU sends nothing for {@code linger} after our N-ACTION-RSP (it waits there for the report);
     * otherwise the provider sends it on a new association.
     */
    public DicomServer withCommitmentProvider(StorageCommitment.Provider provider, java.time.Duration linger) {
        return new DicomServer(this, certificateBindings, findHandler, commitmentHandler, provider,
                (int) Math.min(Integer.MAX_VALUE, linger.toMillis()), certificateBinding);
    }

    /**
     * Binds calling AE titles to TLS certificate subjects through a lookup asked at each association
     * (for example the address book); used in addition to {@link #withCertificateBindings(Map)}.
     */
    public DicomServer withCertificateBinding(CertificateBinding binding) {
        return new DicomServer(this, certificateBindings, findHandler, commitmentHandler, commitmentProvider,
                commitmentLingerMillis, binding);
    }

    /**
     * Also accept the storage commitment results (N-EVENT-REPORT, PS3.4 J.3.3) that an archive sends on
     * an association it opens to us, with the archive as SCP of Storage Commitment (role selection).
     */
    public DicomServer withCommitmentHandler(StorageCommitment.Handler handler) {
        return new DicomServer(this, certificateBindings, findHandler, handler);
    }

    @Override
    public boolean requestorMayBeScp(String sopClassUid) {
        return commitmentHandler != null && StorageCommitment.SOP_CLASS.equals(sopClassUid);
    }

    /** Also serve C-FIND (patient root and study root, PS3.4 C.4.1) with the given handler. */
    public DicomServer withFindHandler(CFindHandler handler) {
        return new DicomServer(this, certificateBindings, handler, commitmentHandler);
    }

    /**
     * Binds calling AE titles to TLS certificate subjects (distinguished names, RFC 4514): a caller
     * using a bound AE title must present exactly that certificate subject, else it is rejected as
     * calling-AE-title-not-recognized. AE titles without a binding are not checked.
     */
    public DicomServer withCertificateBindings(Map<String, String> callingAeToSubject) {
        Map<String, X500Principal> m = new HashMap<>();
        callingAeToSubject.forEach((ae, dn) -> m.put(ae, new X500Principal(dn)));
        return new DicomServer(this, m, findHandler, commitmentHandler);
    }

    @Override
    public boolean acceptsPeerIdentity(String calledAeTitle, String callingAeTitle, Principal tlsPeer) {
        X500Principal required = certificateBindings.get(callingAeTitle);
        if (required == null && certificateBinding != null) {
            String subject = certificateBinding.subjectOf(callingAeTitle);
            if (subject != null && !subject.isBlank()) {
                try {
                    required = new X500Principal(subject);
                } catch (IllegalArgumentException e) {
                    // A binding we cannot read must not let anyone in under that AE title.
                    LOG.log(System.Logger.Level.WARNING, "certificate subject bound to calling AE title ''{0}''"
                            + " is not a distinguished name ({1}); the association is rejected", callingAeTitle,
                            e.getMessage());
                    return false;
                }
            }
        }
        // X500Principal.equals compares the canonical form (RFC 2253: case and spacing of values normalised).
        return required == null || (tlsPeer instanceof X500Principal x && x.equals(required));
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
        if (StorageCommitment.SOP_CLASS.equals(abstractSyntax)) {
            return commitmentHandler != null || commitmentProvider != null ? QueryRetrieve.TRANSFER_SYNTAXES : List.of();
        }
        if (QueryRetrieve.isFind(abstractSyntax)) {
            return findHandler != null ? QueryRetrieve.TRANSFER_SYNTAXES : List.of();
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
                case CommandField.N_EVENT_REPORT_RQ:
                    StorageCommitment.serveReport(dimse, msg, commitmentHandler);
                    break;
                case CommandField.N_ACTION_RQ:
                    if (!StorageCommitment.serveAction(dimse, msg, commitmentProvider, commitmentLingerMillis)) {
                        return;
                    }
                    break;
                case CommandField.C_FIND_RQ:
                    find(dimse, association, msg, pc);
                    break;
                case CommandField.C_STORE_RQ:
                    Status status = StoreService.handle(association, pc, cmd, msg.dataSet(), storeHandler);
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

    private void find(Dimse dimse, Association association, DimseMessage msg, PresentationContext pc)
            throws IOException {
        CommandSet cmd = msg.command();
        if (findHandler == null || !QueryRetrieve.isFind(pc.abstractSyntax())
                || !pc.abstractSyntax().equals(cmd.affectedSopClassUid()) || msg.dataSet() == null) {
            dimse.write(msg.contextId(), CommandSet.response(cmd, Status.SOP_CLASS_NOT_SUPPORTED
                    .withComment("C-FIND not served for " + cmd.affectedSopClassUid())), null);
            return;
        }
        TransferSyntax ts = TransferSyntax.of(pc.transferSyntax());
        DataSet keys;
        try {
            keys = Identifiers.read(msg.dataSet(), association.peer(), ts);
        } catch (nl.zorgbrug.dicom.io.DicomParseException e) {
            msg.dataSet().drain();
            dimse.write(msg.contextId(), CommandSet.response(cmd, Status.CANNOT_UNDERSTAND
                    .withComment("identifier: " + e.getMessage())), null);
            return;
        }
        FindRequest request = new FindRequest(association.callingAeTitle(), association.calledAeTitle(),
                pc.abstractSyntax(), keys.getString(Tag.QueryRetrieveLevel));
        Status last = Status.SUCCESS;
        try {
            Iterator<DataSet> matches = findHandler.find(request, keys);
            while (matches.hasNext()) {
                if (cancelled(dimse, association, cmd.messageId())) {
                    last = Status.CANCEL;
                    break;
                }
                DataSet match = matches.next();
                dimse.write(msg.contextId(), CommandSet.response(cmd, Status.PENDING), Identifiers.writer(match, ts));
            }
        } catch (DimseStatusException e) {
            last = e.status();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "C-FIND handler failed for " + association.peer(), e);
            last = Status.CANNOT_UNDERSTAND.withComment("unable to process: " + e);
        }
        dimse.write(msg.contextId(), CommandSet.response(cmd, last), null);
    }

    /**
     * The reader also serves C-CANCEL while matches are being sent (PS3.7 9.3.2.3): input that has
     * arrived between two responses must be the cancel of this operation, since we allow one
     * outstanding operation.
     */
    private static boolean cancelled(Dimse dimse, Association association, int messageId) throws IOException {
        if (!association.hasPendingInput()) {
            return false;
        }
        DimseMessage next = dimse.read();
        if (next == null) {
            throw new IOException(association.peer() + " released the association during a C-FIND");
        }
        if (next.command().commandField() == CommandField.C_CANCEL_RQ
                && next.command().messageIdBeingRespondedTo() == messageId) {
            return true;
        }
        association.abort();
        throw new IOException(association.peer() + " sent " + next.command() + " during C-FIND " + messageId
                + " (asynchronous operations window is 1); association aborted");
    }

}
