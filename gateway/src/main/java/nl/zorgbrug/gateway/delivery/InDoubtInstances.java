package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationRejectedException;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.FindScu;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;

/**
 * Instances whose delivery is in doubt: the previous attempt was cut off (the connection broke, or the
 * node was killed) after an instance went onto the wire and before the receiver's C-STORE response was
 * recorded. The receiver may have stored it. Sending it again would store it twice at a receiver that
 * keeps every reception (issue 5: "every object whose C-STORE was answered with success arrives exactly
 * once"), so before sending again the node asks the receiver which of them it already holds.
 *
 * <p>The question is a Study Root C-FIND at IMAGE level (PS3.4 C.4.1, C.6.2), one per series, with
 * universal matching on SOP Instance UID: hierarchical matching needs the unique keys of the study and
 * series levels (PS3.4 C.4.1.3.1.1), which the spooled heads give. A receiver that does not offer
 * C-FIND to us (it rejects the association or the presentation context, refuses the query, or aborts the
 * association — Orthanc as installed does, for an AE title it does not know) cannot be asked; then the
 * instances are sent again, at least once, and a receiver that keys on the SOP Instance UID stores them once.
 * The question never fails a delivery (issue 15): whatever goes wrong while asking is a reason it was not asked.
 */
final class InDoubtInstances {
    private final String callingAeTitle;

    InDoubtInstances(String callingAeTitle) {
        this.callingAeTitle = callingAeTitle;
    }

    /** What the receiver said: the instances it holds, or that it cannot be asked and why. */
    record Answer(Set<String> present, String notAskedBecause) {
        static Answer cannotAsk(String why) {
            return new Answer(Set.of(), why);
        }

        boolean asked() {
            return notAskedBecause == null;
        }
    }

    /**
     * Which of the given instances {@code to} already holds, or why it cannot be asked. Never throws: a
     * receiver that cannot be reached now cannot be delivered to either, and the delivery says so itself.
     *
     * @param connector plain or TLS, as the receiver's address-book entry says
     * @param seriesOf  the SOP Instance UIDs in doubt by their Series Instance UID
     */
    Answer ask(Connector connector, DicomEndpoint to, String studyInstanceUid, Map<String, Set<String>> seriesOf) {
        try {
            return query(connector, to, studyInstanceUid, seriesOf);
        } catch (IOException | RuntimeException e) {
            return Answer.cannotAsk("the query broke off: " + e.getMessage());
        }
    }

    private Answer query(Connector connector, DicomEndpoint to, String studyInstanceUid,
                         Map<String, Set<String>> seriesOf) throws IOException {
        Association as;
        try {
            as = connector.connect(to.host(), to.port(), connector.request(callingAeTitle, to.aeTitle(),
                    List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_FIND)), List.of(), null));
        } catch (AssociationRejectedException e) {
            return Answer.cannotAsk(e.getMessage());
        }
        try (as) {
            if (as.findContext(QueryRetrieve.STUDY_ROOT_FIND, null) == null) {
                as.release();
                return Answer.cannotAsk(to.aeTitle() + " did not accept Study Root C-FIND");
            }
            Set<String> present = new HashSet<>();
            Dimse dimse = new Dimse(as);
            for (Map.Entry<String, Set<String>> series : seriesOf.entrySet()) {
                DataSet keys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE")
                        .setString(Tag.StudyInstanceUID, VR.UI, studyInstanceUid)
                        .setString(Tag.SeriesInstanceUID, VR.UI, series.getKey())
                        .setString(Tag.SOPInstanceUID, VR.UI, "");
                Status status = FindScu.find(dimse, QueryRetrieve.STUDY_ROOT_FIND, keys, match -> {
                    String uid = match.getString(Tag.SOPInstanceUID);
                    if (uid != null && series.getValue().contains(uid)) {
                        present.add(uid);
                    }
                    return true;
                });
                if (!status.isSuccess()) {
                    // A failed query tells nothing about what is there: nothing is counted as present.
                    as.release();
                    return Answer.cannotAsk(to.aeTitle() + " answered C-FIND with status " + status);
                }
            }
            as.release();
            return new Answer(present, null);
        }
    }
}
