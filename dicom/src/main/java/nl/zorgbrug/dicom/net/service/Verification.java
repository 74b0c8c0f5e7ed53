package nl.zorgbrug.dicom.net.service;

import java.io.IOException;

import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

import java.util.List;

/** Verification SOP class SCU (PS3.4 Annex A): C-ECHO. */
public final class Verification {
    private Verification() {
    }

    public static PresentationContextRq context(int id) {
        return new PresentationContextRq(id, StorageSopClasses.VERIFICATION,
                List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
    }

    /** Opens an association for Verification only, sends one C-ECHO and releases. */
    public static Status echo(nl.zorgbrug.dicom.net.assoc.Connector connector, String callingAeTitle,
                              String calledAeTitle, String host, int port) throws IOException {
        try (Association as = connector.connect(host, port,
                connector.request(callingAeTitle, calledAeTitle, List.of(context(1)), List.of(), null))) {
            Status status = echo(new Dimse(as));
            as.release();
            return status;
        }
    }

    /** Sends a C-ECHO-RQ and returns the response status. */
    public static Status echo(Dimse dimse) throws IOException {
        Association as = dimse.association();
        PresentationContext pc = as.findContext(StorageSopClasses.VERIFICATION, null);
        if (pc == null) {
            throw new IOException(as.peer() + " did not accept the Verification SOP class");
        }
        int id = dimse.nextMessageId();
        dimse.write(pc.id(), CommandSet.cEchoRq(id), null);
        DimseMessage rsp = Responses.await(dimse, id, CommandField.C_ECHO_RSP);
        return rsp.command().status();
    }
}
