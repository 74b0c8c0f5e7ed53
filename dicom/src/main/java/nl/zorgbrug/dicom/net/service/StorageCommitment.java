package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
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
 * Storage Commitment Push Model, SCU side (PS3.4 Annex J): the N-ACTION request asking a peer to
 * commit to safe storage of the instances we sent, and the N-EVENT-REPORT that answers it later —
 * on the same association, or (as most archives do) on an association the peer opens to us, which
 * the {@link DicomServer} accepts when given a {@link Handler}.
 */
public final class StorageCommitment {
    public static final String SOP_CLASS = "1.2.840.10008.1.20.1";
    public static final String WELL_KNOWN_INSTANCE = "1.2.840.10008.1.20.1.1";

    static final int TransactionUID = 0x00081195;
    static final int ReferencedSOPSequence = 0x00081199;
    static final int FailedSOPSequence = 0x00081198;
    static final int ReferencedSOPClassUID = 0x00081150;
    static final int ReferencedSOPInstanceUID = 0x00081155;
    static final int FailureReason = 0x00081197;

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
        ds.setString(TransactionUID, VR.UI, transactionUid);
        ds.setSequence(ReferencedSOPSequence, items(ds, references));
        int id = dimse.nextMessageId();
        CommandSet rq = new CommandSet().uid(CommandSet.RequestedSOPClassUID, SOP_CLASS)
                .us(CommandSet.CommandField, CommandField.N_ACTION_RQ).us(CommandSet.MessageID, id)
                .uid(CommandSet.RequestedSOPInstanceUID, WELL_KNOWN_INSTANCE).us(CommandSet.ActionTypeID, 1);
        dimse.write(pc.id(), rq, Identifiers.writer(ds, TransferSyntax.of(pc.transferSyntax())));
        DimseMessage rsp = Responses.await(dimse, id, CommandField.N_ACTION_RSP);
        return rsp.command().status();
    }

    private static List<DataSet> items(DataSet parent, List<Reference> refs) {
        List<DataSet> items = new ArrayList<>();
        for (Reference r : refs) {
            DataSet item = DataSet.itemOf(parent);
            item.setString(ReferencedSOPClassUID, VR.UI, r.sopClassUid());
            item.setString(ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid());
            items.add(item);
        }
        return items;
    }

    /** Reads the result of an N-EVENT-REPORT data set. */
    static Result parse(DataSet ds) {
        List<Reference> ok = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<DataSet> refs = ds.getSequence(ReferencedSOPSequence);
        if (refs != null) {
            for (DataSet item : refs) {
                ok.add(new Reference(item.getString(ReferencedSOPClassUID), item.getString(ReferencedSOPInstanceUID)));
            }
        }
        List<DataSet> fails = ds.getSequence(FailedSOPSequence);
        if (fails != null) {
            for (DataSet item : fails) {
                failed.add(new Failure(new Reference(item.getString(ReferencedSOPClassUID),
                        item.getString(ReferencedSOPInstanceUID)), item.getInt(FailureReason, 0x0110)));
            }
        }
        return new Result(ds.getString(TransactionUID), ok, failed);
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
        rsp.us(CommandSet.EventTypeID, cmd.integer(CommandSet.EventTypeID, 1));
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
