package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.io.InputStream;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationAbortedException;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.ul.PDataInputStream;

/**
 * Storage SCP behaviour for one C-STORE-RQ (PS3.4 B.2.3): checks the request, gives the data set to
 * the handler as a stream and turns the outcome into the response status. Used by the server and by
 * the C-GET SCU, which receives its sub-operations on its own association.
 */
final class StoreService {
    private static final System.Logger LOG = System.getLogger(StoreService.class.getName());

    private StoreService() {
    }

    static Status handle(Association association, PresentationContext pc, CommandSet cmd, PDataInputStream data,
                         CStoreHandler storeHandler) throws IOException {
        Status status = storeOrFail(association, pc, cmd, data, storeHandler);
        if (data != null && !association.isClosed()) {
            // The response follows the whole data set, also when the handler stopped reading early.
            data.drain();
        }
        return status;
    }

    private static Status storeOrFail(Association association, PresentationContext pc, CommandSet cmd, InputStream data,
                                      CStoreHandler storeHandler) throws IOException {
        String cuid = cmd.affectedSopClassUid();
        String iuid = cmd.affectedSopInstanceUid();
        if (data == null) {
            return refused(association, iuid, Status.CANNOT_UNDERSTAND.withComment("C-STORE-RQ without a data set"));
        }
        if (storeHandler == null || cuid == null || !cuid.equals(pc.abstractSyntax())) {
            // PS3.7 9.1.1: the SOP class must be the presentation context's abstract syntax.
            return refused(association, iuid, Status.SOP_CLASS_NOT_SUPPORTED.withComment("SOP class " + cuid
                    + " on a context for " + pc.abstractSyntax()));
        }
        if (iuid == null || iuid.isEmpty()) {
            return refused(association, iuid, Status.CANNOT_UNDERSTAND.withComment("no Affected SOP Instance UID"));
        }
        StoreRequest request = new StoreRequest(association.callingAeTitle(), association.calledAeTitle(), cuid, iuid,
                TransferSyntax.of(pc.transferSyntax()), cmd.integer(Tag.Priority, 0),
                cmd.string(Tag.MoveOriginatorApplicationEntityTitle),
                cmd.integer(Tag.MoveOriginatorMessageID, -1),
                association.tlsPeer() == null ? null : association.tlsPeer().getName());
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
            // The exception goes to the log, not to the sender: its name means nothing to the operator of the
            // sending modality, and its message may quote a value of the object.
            LOG.log(System.Logger.Level.WARNING, "store handler failed on " + iuid + " from " + association.peer(), e);
            return Status.PROCESSING_FAILURE.withComment("processing failure in the receiver; see its log");
        }
    }

    /** A request refused before it reached the handler, logged with who sent it (the handler logs its own). */
    private static Status refused(Association association, String iuid, Status status) {
        LOG.log(System.Logger.Level.WARNING, String.format("C-STORE refused with 0x%04X: from AE %s (%s) to %s, SOP"
                + " Instance UID %s: %s", status.code(), association.callingAeTitle(), association.peer(),
                association.calledAeTitle(), iuid, status.errorComment()));
        return status;
    }
}
