package nl.zorgbrug.registry.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * The instances an XDS-I.b manifest names (RAD TF-3 §4.68.4.1.2.1; PS3.3 A.35.4, the Current Requested Procedure
 * Evidence Sequence, C.17.2): per study, per series with its Retrieve Location UID (0040,E011), each instance's SOP
 * class and instance UID. What an import of the study retrieves, and how it knows it has everything.
 */
public final class ManifestInstances {

    /** One instance to retrieve. */
    public record Instance(String studyInstanceUid, String seriesInstanceUid, String sopClassUid,
                           String sopInstanceUid, String retrieveLocationUid) {
        public Instance {
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        }
    }

    private ManifestInstances() {
    }

    /**
     * @throws IllegalArgumentException when the data set is no manifest of the study: no evidence sequence, another
     *                                  study in it, or an item without its UIDs; the text names what is missing
     */
    public static List<Instance> of(DataSet kos, String studyInstanceUid) {
        List<DataSet> studies = kos.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence);
        if (studies == null || studies.isEmpty()) {
            throw new IllegalArgumentException("the KOS has no Current Requested Procedure Evidence Sequence"
                    + " (0040,A375): no XDS-I.b manifest (RAD TF-3 §4.68.4.1.2.1)");
        }
        List<Instance> out = new ArrayList<>();
        for (DataSet study : studies) {
            String uid = strip(study.getString(Tag.StudyInstanceUID));
            if (!studyInstanceUid.equals(uid)) {
                throw new IllegalArgumentException("the KOS names study " + uid + " where the index named "
                        + studyInstanceUid + ": not imported");
            }
            List<DataSet> series = study.getSequence(Tag.ReferencedSeriesSequence);
            for (DataSet s : series == null ? List.<DataSet>of() : series) {
                String seriesUid = strip(s.getString(Tag.SeriesInstanceUID));
                String location = strip(s.getString(Tag.RetrieveLocationUID));
                List<DataSet> sops = s.getSequence(Tag.ReferencedSOPSequence);
                for (DataSet sop : sops == null ? List.<DataSet>of() : sops) {
                    String instance = strip(sop.getString(Tag.ReferencedSOPInstanceUID));
                    if (seriesUid == null || instance == null) {
                        throw new IllegalArgumentException("an item of the KOS's evidence lacks its Series or"
                                + " Referenced SOP Instance UID");
                    }
                    out.add(new Instance(uid, seriesUid, strip(sop.getString(Tag.ReferencedSOPClassUID)), instance,
                            location));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the KOS names no instance of study " + studyInstanceUid);
        }
        return out;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
