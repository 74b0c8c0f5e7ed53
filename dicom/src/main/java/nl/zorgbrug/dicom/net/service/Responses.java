package nl.zorgbrug.dicom.net.service;

import java.io.IOException;

import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;

/** Waiting for the response to one request, as an SCU with one outstanding operation. */
final class Responses {
    private Responses() {
    }

    static DimseMessage await(Dimse dimse, int messageId, int expectedField) throws IOException {
        DimseMessage rsp = dimse.read();
        if (rsp == null) {
            throw new IOException(dimse.association().peer() + " released the association instead of sending "
                    + CommandField.name(expectedField));
        }
        int field = rsp.command().commandField();
        if (field != expectedField || rsp.command().messageIdBeingRespondedTo() != messageId) {
            dimse.association().abort();
            throw new IOException(dimse.association().peer() + " answered message " + messageId + " with "
                    + rsp.command() + " where " + CommandField.name(expectedField) + " was expected; association aborted");
        }
        return rsp;
    }
}
