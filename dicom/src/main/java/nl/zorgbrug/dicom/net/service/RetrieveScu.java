package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
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
 * C-MOVE SCU and C-GET SCU (PS3.4 C.4.2, C.4.3). A C-MOVE asks the peer to send the matches to a
 * destination AE (which may be our own listener); a C-GET receives them as C-STORE sub-operations on
 * this very association, which needs the storage contexts proposed with the SCP role (PS3.7 D.3.3.4).
 * Both wait for the final response, which carries the sub-operation counts.
 */
public final class RetrieveScu {
    private RetrieveScu() {
    }

    /** Final status and sub-operation counts (PS3.7 9.1.3/9.1.4: remaining, completed, failed, warning). */
    public record Result(Status status, int completed, int failed, int warning) {
    }

    public static Result move(Dimse dimse, String moveSopClassUid, DataSet keys, String destinationAeTitle)
            throws IOException {
        CommandSet rq = request(moveSopClassUid, CommandField.C_MOVE_RQ, dimse.nextMessageId());
        rq.elements().setString(Tag.MoveDestination, nl.zorgbrug.dicom.data.VR.AE, destinationAeTitle);
        return run(dimse, moveSopClassUid, rq, keys, CommandField.C_MOVE_RSP, null);
    }

    /** C-GET; each sub-operation's data set goes to {@code storeHandler}, whose status is answered to the peer. */
    public static Result get(Dimse dimse, String getSopClassUid, DataSet keys, CStoreHandler storeHandler)
            throws IOException {
        CommandSet rq = request(getSopClassUid, CommandField.C_GET_RQ, dimse.nextMessageId());
        return run(dimse, getSopClassUid, rq, keys, CommandField.C_GET_RSP, storeHandler);
    }

    /** Contexts for a C-GET: the retrieve class, and each storage class we accept in explicit/implicit LE. */
    public static List<PresentationContextRq> getContexts(String getSopClassUid, List<String> storageSopClasses) {
        List<PresentationContextRq> pcs = new ArrayList<>();
        pcs.add(QueryRetrieve.context(1, getSopClassUid));
        int id = 3;
        for (String cuid : storageSopClasses) {
            pcs.add(new PresentationContextRq(id, cuid, List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())));
            id += 2;
        }
        return pcs;
    }

    /** Role selection for a C-GET: we are SCP (not SCU) of each storage class. */
    public static List<RoleSelection> getRoles(List<String> storageSopClasses) {
        List<RoleSelection> roles = new ArrayList<>();
        for (String cuid : storageSopClasses) {
            roles.add(new RoleSelection(cuid, false, true));
        }
        return roles;
    }

    private static CommandSet request(String sopClassUid, int field, int id) {
        return new CommandSet().uid(Tag.AffectedSOPClassUID, sopClassUid).us(Tag.CommandField, field)
                .us(Tag.MessageID, id).us(Tag.Priority, CommandSet.PRIORITY_MEDIUM);
    }

    private static Result run(Dimse dimse, String sopClassUid, CommandSet rq, DataSet keys, int responseField,
                              CStoreHandler storeHandler) throws IOException {
        Association as = dimse.association();
        PresentationContext pc = as.findContext(sopClassUid, null);
        if (pc == null) {
            throw new IOException(as.peer() + " did not accept " + sopClassUid);
        }
        int id = rq.messageId();
        dimse.write(pc.id(), rq, Identifiers.writer(keys, TransferSyntax.of(pc.transferSyntax())));
        while (true) {
            DimseMessage msg = dimse.read();
            if (msg == null) {
                throw new IOException(as.peer() + " released the association during " + CommandField.name(rq.commandField()));
            }
            CommandSet cmd = msg.command();
            if (cmd.commandField() == CommandField.C_STORE_RQ && storeHandler != null) {
                PresentationContext storePc = as.context(msg.contextId());
                Status status = StoreService.handle(as, storePc, cmd, msg.dataSet(), storeHandler);
                dimse.write(msg.contextId(), CommandSet.response(cmd, status), null);
                continue;
            }
            if (cmd.commandField() != responseField || cmd.messageIdBeingRespondedTo() != id) {
                as.abort();
                throw new IOException(as.peer() + " sent " + cmd + " during " + CommandField.name(rq.commandField())
                        + " " + id + "; association aborted");
            }
            Status status = cmd.status();
            if (!status.isPending()) {
                return new Result(status, cmd.integer(Tag.NumberOfCompletedSuboperations, 0),
                        cmd.integer(Tag.NumberOfFailedSuboperations, 0),
                        cmd.integer(Tag.NumberOfWarningSuboperations, 0));
            }
        }
    }
}
