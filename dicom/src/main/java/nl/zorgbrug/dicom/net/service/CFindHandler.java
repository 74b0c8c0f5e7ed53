package nl.zorgbrug.dicom.net.service;

import java.util.Iterator;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;

/**
 * Answers C-FIND requests (PS3.4 C.4.1.3): the returned iterator yields the response identifiers one
 * by one, each sent as a pending response; the dispatcher stops pulling when the SCU cancels.
 * A {@link DimseStatusException} (e.g. 0xA900 identifier does not match SOP class, 0xC000 unable to
 * process) becomes the final status.
 */
@FunctionalInterface
public interface CFindHandler {
    Iterator<DataSet> find(FindRequest request, DataSet keys) throws DimseStatusException;
}
