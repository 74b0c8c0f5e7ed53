package nl.zorgbrug.dicom.net.service;

import java.util.List;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;

/** SOP classes of the Query/Retrieve service class (PS3.4 Annex C) and the tags it uses. */
public final class QueryRetrieve {
    public static final String PATIENT_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
    public static final String PATIENT_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.1.2";
    public static final String PATIENT_ROOT_GET = "1.2.840.10008.5.1.4.1.2.1.3";
    public static final String STUDY_ROOT_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String STUDY_ROOT_GET = "1.2.840.10008.5.1.4.1.2.2.3";

    /** Identifiers travel in explicit or implicit VR little endian. */
    public static final List<String> TRANSFER_SYNTAXES = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());

    private QueryRetrieve() {
    }

    public static PresentationContextRq context(int id, String sopClassUid) {
        return new PresentationContextRq(id, sopClassUid, TRANSFER_SYNTAXES);
    }

    public static boolean isFind(String uid) {
        return PATIENT_ROOT_FIND.equals(uid) || STUDY_ROOT_FIND.equals(uid);
    }
}
