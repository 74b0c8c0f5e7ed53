package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.io.InputStream;

import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * Receives the data set of a C-STORE request as a stream straight from the association (never
 * buffered whole) and decides the response status: success, a warning such as 0xB000 (coercion of
 * data elements) or a failure such as 0xA700, 0xA900 or 0xC000 (PS3.4 B.2.3). A handler may stop
 * reading early; the rest is drained. An exception becomes a failure status: a
 * {@link DimseStatusException} its own, an IOException 0xA700, anything else 0x0110.
 */
@FunctionalInterface
public interface CStoreHandler {
    Status store(StoreRequest request, InputStream dataSet) throws IOException, DimseStatusException;
}
