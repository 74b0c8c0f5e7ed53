package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.util.function.Predicate;

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

/**
 * C-FIND SCU (PS3.4 C.4.1, PS3.7 9.1.2): sends the identifier, hands each pending response's
 * identifier to the caller, and returns the final status. The caller may stop early by returning
 * false; a C-CANCEL-RQ is then sent and the remaining responses are read up to the final one.
 */
public final class FindScu {
    private FindScu() {
    }

    /**
     * @param sopClassUid {@link QueryRetrieve#PATIENT_ROOT_FIND} or {@link QueryRetrieve#STUDY_ROOT_FIND}
     * @param onMatch     receives each match; returns false to cancel the query
     */
    public static Status find(Dimse dimse, String sopClassUid, DataSet keys, Predicate<DataSet> onMatch)
            throws IOException {
        Association as = dimse.association();
        PresentationContext pc = as.findContext(sopClassUid, null);
        if (pc == null) {
            throw new IOException(as.peer() + " did not accept " + sopClassUid + " (C-FIND)");
        }
        TransferSyntax ts = TransferSyntax.of(pc.transferSyntax());
        int id = dimse.nextMessageId();
        CommandSet rq = new CommandSet().uid(Tag.AffectedSOPClassUID, sopClassUid)
                .us(Tag.CommandField, CommandField.C_FIND_RQ).us(Tag.MessageID, id)
                .us(Tag.Priority, CommandSet.PRIORITY_MEDIUM);
        dimse.write(pc.id(), rq, Identifiers.writer(keys, ts));
        boolean cancelled = false;
        while (true) {
            DimseMessage rsp = dimse.read();
            if (rsp == null) {
                throw new IOException(as.peer() + " released the association during C-FIND");
            }
            CommandSet cmd = rsp.command();
            if (cmd.commandField() != CommandField.C_FIND_RSP || cmd.messageIdBeingRespondedTo() != id) {
                as.abort();
                throw new IOException(as.peer() + " sent " + cmd + " during C-FIND " + id + "; association aborted");
            }
            Status status = cmd.status();
            if (!status.isPending()) {
                return status;
            }
            if (rsp.dataSet() == null) {
                continue;
            }
            DataSet match = Identifiers.read(rsp.dataSet(), as.peer(), ts);
            if (!cancelled && !onMatch.test(match)) {
                cancelled = true;
                CommandSet cancel = new CommandSet().us(Tag.CommandField, CommandField.C_CANCEL_RQ)
                        .us(Tag.MessageIDBeingRespondedTo, id);
                dimse.write(pc.id(), cancel, null);
            }
        }
    }
}
