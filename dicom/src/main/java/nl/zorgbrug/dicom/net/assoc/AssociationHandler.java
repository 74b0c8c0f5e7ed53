package nl.zorgbrug.dicom.net.assoc;

import java.io.IOException;

/** What an acceptor does with an established association: typically the DIMSE dispatcher's service loop. */
@FunctionalInterface
public interface AssociationHandler {
    void serve(Association association) throws IOException;
}
