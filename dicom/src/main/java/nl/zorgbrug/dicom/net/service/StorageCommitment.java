package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.RoleSelection;

/**
 * Storage Commitment Push Model (PS3.4 Annex J). SCU side: the N-ACTION request asking a peer to
 * commit to safe storage of the instances we sent, and the N-EVENT-REPORT that answers it later —
 * on the same association, or (as most archives do) on an association the peer opens to us, which
 * the {@link DicomServer} accepts when given a {@link Handler}. SCP side: the {@link DicomServer}
 * answers an N-ACTION with a {@link Provider}, and the report goes back on the same association when
 * the SCU waits for it there, else on an association we open to the SCU (PS3.4 J.3.3).
 */
public final class StorageCommitment {
    public static final String SOP_CLASS = "1.2.840.10008.1.20.1";
    public static final String WELL_KNOWN_INSTANCE = "1.2.840.10008.1.20.1.1";

    private StorageCommitment() {
    }

    /** One instance the commitment is about. */
    public record Reference(String sopClassUid, String sopInstanceUid) {
    }

    /** One instance the peer could not commit to, with the Failure Reason (0008,1197) of PS3.4 J.3.2.1.1.2. */
    public record Failure(Reference reference, int reason) {
    }

    /** The N-EVENT-REPORT: event type 1 all committed, 2 failures exist (PS3.4 J.3.2.1.1). */
    public record Result(String transactionUid, List<Reference> committed, List<Failure> failed) {
        public boolean allCommitted() {
            return failed.isEmpty();
        }
    }

    /** Receives commitment results; called on the thread of the association that carried the report. */
    @FunctionalInterface
    public interface Handler {
        void committed(Result result, String fromAeTitle);
    }

    /** What an SCU asked us to commit to (N-ACTION-RQ with Action Type ID 1, PS3.4 J.3.2). */
    public record Request(String callingAeTitle, String calledAeTitle, String transactionUid,
                          List<Reference> references) {
    }

    /**
     * SCP side: decides which of the requested instances are safely stored (each one either in
     * {@link Result#committed()} or in {@link Result#failed()} with a Failure Reason), and sends the
     * reports that could not go back on the SCU's own association. Called on the association's thread.
     */
    public interface Provider {
        Result commit(Request request);

        /**
         * The SCU released its association (or answered nothing) before the report: send it on an
         * association we open to the SCU's AE, proposing {@link #reportRoleSelection()} (PS3.4 J.3.3).
         */
        void reportLater(Request request, Result result);
    }

    /** Failure Reason (0008,1197) values of PS3.4 J.3.2.1.1.2. */
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    public static final int RESOURCE_LIMITATION = 0x0213;
    public static final int REFERENCED_SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int CLASS_INSTANCE_CONFLICT = 0x0119;
    public static final int DUPLICATE_TRANSACTION_UID = 0x0131;

    /**
     * Role selection to propose when we, the SCP, open the association that carries a report: the
     * requestor is SCP of the SOP class, not SCU (PS3.4 J.3.3, PS3.7 D.3.3.4).
     */
    public static RoleSelection reportRoleSelection() {
        return new RoleSelection(SOP_CLASS, false, true);
    }

    /** The presentation context to propose, with role selection so the report may come on the same association. */
    public static PresentationContextRq context(int id) {
        return new PresentationContextRq(id, SOP_CLASS, QueryRetrieve.TRANSFER_SYNTAXES);
    }

    public static RoleSelection roleSelection() {
        return new RoleSelection(SOP_CLASS, true, true);
    }

    /** Sends the N-ACTION-RQ (Action Type ID 1, Request Storage Commitment) and returns the N-ACTION-RSP status. */
    public static Status request(Dimse dimse, String transactionUid, List<Reference> references) throws IOException {
        Association as = dimse.association();
        PresentationContext pc = as.findContext(SOP_CLASS, null);
        if (pc == null) {
            throw new IOException(as.peer() + " did not accept Storage Commitment Push Model (" + SOP_CLASS + ")");
        }
        DataSet ds = new DataSet();
        ds.setString(Tag.TransactionUID, VR.UI, transactionUid);
        ds.setSequence(Tag.ReferencedSOPSequence, items(ds, references));
        int id = dimse.nextMessageId();
        CommandSet rq = new CommandSet().uid(Tag.RequestedSOPClassUID, SOP_CLASS)
                .us(Tag.CommandField, CommandField.N_ACTION_RQ).us(Tag.MessageID, id)
                .uid(Tag.RequestedSOPInstanceUID, WELL_KNOWN_INSTANCE).us(Tag.ActionTypeID, 1);
        dimse.write(pc.id(), rq, Identifiers.writer(ds, TransferSyntax.of(pc.transferSyntax())));
        DimseMessage rsp = Responses.await(dimse, id, CommandField.N_ACTION_RSP);
        return rsp.command().status();
    }

    private static List<DataSet> items(DataSet parent, List<Reference> refs) {
        List<DataSet> items = new ArrayList<>();
        for (Reference r : refs) {
            DataSet item = DataSet.itemOf(parent);
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, r.sopClassUid());
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid());
            items.add(item);
        }
        return items;
    }

    /**
     * Sends the N-EVENT-REPORT-RQ (PS3.4 J.3.3: event type 1 when every instance is committed, 2 when
     * failures exist) on an association where the Storage Commitment context is accepted, and returns
     * the SCU's N-EVENT-REPORT-RSP status.
     */
    public static Status report(Dimse dimse, Result result) throws IOException {
        Association as = dimse.association();
        PresentationContext pc = as.findContext(SOP_CLASS, null);
        if (pc == null) {
            throw new IOException(as.peer() + " did not accept Storage Commitment Push Model (" + SOP_CLASS
                    + ") for the report");
        }
        DataSet ds = new DataSet();
        ds.setString(Tag.TransactionUID, VR.UI, result.transactionUid());
        if (!result.committed().isEmpty()) {
            ds.setSequence(Tag.ReferencedSOPSequence, items(ds, result.committed()));
        }
        if (!result.failed().isEmpty()) {
            List<DataSet> failed = new ArrayList<>();
            for (Failure f : result.failed()) {
                DataSet item = DataSet.itemOf(ds);
                item.setString(Tag.ReferencedSOPClassUID, VR.UI, f.reference().sopClassUid());
                item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, f.reference().sopInstanceUid());
                item.setInt(Tag.FailureReason, VR.US, f.reason());
                failed.add(item);
            }
            ds.setSequence(Tag.FailedSOPSequence, failed);
        }
        int id = dimse.nextMessageId();
        CommandSet rq = new CommandSet().uid(Tag.AffectedSOPClassUID, SOP_CLASS)
                .us(Tag.CommandField, CommandField.N_EVENT_REPORT_RQ).us(Tag.MessageID, id)
                .uid(Tag.AffectedSOPInstanceUID, WELL_KNOWN_INSTANCE)
                .us(Tag.EventTypeID, result.allCommitted() ? 1 : 2);
        dimse.write(pc.id(), rq, Identifiers.writer(ds, TransferSyntax.of(pc.transferSyntax())));
        return Responses.await(dimse, id, CommandField.N_EVENT_REPORT_RSP).command().status();
    }

    /**
     * Serves one N-ACTION-RQ as SCP: checks it (PS3.4 J.3.2: the well-known instance, Action Type ID 1,
     * a Transaction UID and references), answers the N-ACTION-RSP, asks the provider what is committed,
     * and sends the report on this association when the SCU stays on it for {@code lingerMillis} without
     * sending anything else; otherwise (it released, or went on with other work) the provider sends it later.
     *
     * @return false when the association ended while the report was being sent on it
     */
    static boolean serveAction(Dimse dimse, DimseMessage msg, Provider provider, int lingerMillis) throws IOException {
        Association as = dimse.association();
        CommandSet cmd = msg.command();
        PresentationContext pc = as.context(msg.contextId());
        Status status = Status.SUCCESS;
        Request request = null;
        if (provider == null || !SOP_CLASS.equals(pc.abstractSyntax())
                || !SOP_CLASS.equals(cmd.string(Tag.RequestedSOPClassUID))) {
            status = Status.SOP_CLASS_NOT_SUPPORTED.withComment("N-ACTION not served for "
                    + cmd.string(Tag.RequestedSOPClassUID));
        } else if (!WELL_KNOWN_INSTANCE.equals(cmd.string(Tag.RequestedSOPInstanceUID))) {
            status = new Status(0x0112, null).withComment("not the well-known instance " + WELL_KNOWN_INSTANCE);
        } else if (cmd.integer(Tag.ActionTypeID, -1) != 1) {
            status = new Status(0x0123, null).withComment("Action Type ID must be 1 (PS3.4 J.3.2)");
        } else if (msg.dataSet() == null) {
            status = new Status(0x0120, null).withComment("no data set with the Transaction UID");
        } else {
            try {
                DataSet ds = Identifiers.read(msg.dataSet(), as.peer(), TransferSyntax.of(pc.transferSyntax()));
                List<Reference> refs = new ArrayList<>();
                List<DataSet> items = ds.getSequence(Tag.ReferencedSOPSequence);
                for (DataSet item : items == null ? List.<DataSet>of() : items) {
                    refs.add(new Reference(item.getString(Tag.ReferencedSOPClassUID),
                            item.getString(Tag.ReferencedSOPInstanceUID)));
                }
                String transaction = ds.getString(Tag.TransactionUID);
                if (transaction == null || transaction.isBlank() || refs.isEmpty()
                        || refs.stream().anyMatch(r -> r.sopClassUid() == null || r.sopInstanceUid() == null)) {
                    status = new Status(0x0120, null).withComment("Transaction UID or Referenced SOP Sequence missing");
                } else {
                    request = new Request(as.callingAeTitle(), as.calledAeTitle(), transaction, List.copyOf(refs));
                }
            } catch (nl.zorgbrug.dicom.io.DicomParseException e) {
                status = new Status(0x0110, null).withComment("action information: " + e.getMessage());
            }
        }
        if (msg.dataSet() != null) {
            msg.dataSet().drain();
        }
        CommandSet rsp = CommandSet.response(cmd, status).uid(Tag.AffectedSOPClassUID, SOP_CLASS)
                .uid(Tag.AffectedSOPInstanceUID, WELL_KNOWN_INSTANCE).us(Tag.ActionTypeID, 1);
        dimse.write(msg.contextId(), rsp, null);
        if (request == null) {
            return true;
        }
        Result result;
        try {
            result = provider.commit(request);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "storage commitment provider failed for transaction "
                    + request.transactionUid() + " from " + as.peer(), e);
            List<Failure> all = new ArrayList<>();
            request.references().forEach(r -> all.add(new Failure(r, PROCESSING_FAILURE)));
            result = new Result(request.transactionUid(), List.of(), all);
        }
        if (!as.awaitInput(lingerMillis)) {
            try {
                Status answer = report(dimse, result);
                if (!answer.isSuccess()) {
                    LOG.log(System.Logger.Level.WARNING, "{0} answered the storage commitment report of transaction {1}"
                            + " with {2}", as.peer(), result.transactionUid(), answer);
                }
                return true;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.INFO, "storage commitment report of transaction {0} not taken on the"
                        + " association with {1} ({2}); sending it on a new association", result.transactionUid(),
                        as.peer(), e.getMessage());
                provider.reportLater(request, result);
                return false;
            }
        }
        provider.reportLater(request, result);
        return true;
    }

    private static final System.Logger LOG = System.getLogger(StorageCommitment.class.getName());

    /** Reads the result of an N-EVENT-REPORT data set. */
    static Result parse(DataSet ds) {
        List<Reference> ok = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<DataSet> refs = ds.getSequence(Tag.ReferencedSOPSequence);
        if (refs != null) {
            for (DataSet item : refs) {
                ok.add(new Reference(item.getString(Tag.ReferencedSOPClassUID),
                        item.getString(Tag.ReferencedSOPInstanceUID)));
            }
        }
        List<DataSet> fails = ds.getSequence(Tag.FailedSOPSequence);
        if (fails != null) {
            for (DataSet item : fails) {
                failed.add(new Failure(new Reference(item.getString(Tag.ReferencedSOPClassUID),
                        item.getString(Tag.ReferencedSOPInstanceUID)), item.getInt(Tag.FailureReason, 0x0110)));
            }
        }
        return new Result(ds.getString(Tag.TransactionUID), ok, failed);
    }

    /**
     * Serves one N-EVENT-REPORT-RQ: hands the result to the handler and answers success (PS3.4 J.3.3.2);
     * a report we cannot read is answered with a failure status.
     */
    static void serveReport(Dimse dimse, DimseMessage msg, Handler handler) throws IOException {
        Association as = dimse.association();
        CommandSet cmd = msg.command();
        PresentationContext pc = as.context(msg.contextId());
        Status status = Status.SUCCESS;
        if (handler == null || !SOP_CLASS.equals(pc.abstractSyntax()) || msg.dataSet() == null) {
            status = Status.SOP_CLASS_NOT_SUPPORTED;
            if (msg.dataSet() != null) {
                msg.dataSet().drain();
            }
        } else {
            DataSet ds = Identifiers.read(msg.dataSet(), as.peer(), TransferSyntax.of(pc.transferSyntax()));
            handler.committed(parse(ds), as.callingAeTitle());
        }
        CommandSet rsp = CommandSet.response(cmd, status);
        rsp.us(Tag.EventTypeID, cmd.integer(Tag.EventTypeID, 1));
        dimse.write(msg.contextId(), rsp, null);
    }

    /** Waits on the same association for the N-EVENT-REPORT (when the peer sends it there). */
    public static Result awaitReportOnThisAssociation(Dimse dimse) throws IOException {
        DimseMessage msg = dimse.read();
        if (msg == null || msg.command().commandField() != CommandField.N_EVENT_REPORT_RQ) {
            throw new IOException(dimse.association().peer() + " sent " + (msg == null ? "a release" : msg.command())
                    + " instead of the storage commitment N-EVENT-REPORT");
        }
        Result[] out = new Result[1];
        serveReport(dimse, msg, (r, ae) -> out[0] = r);
        return out[0];
    }
}
