package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;
import java.util.List;

/**
 * One study on the quarantine worklist, as a person recognises it: the patient, the study's date, modality,
 * description and accession number, who sent it and how many images wait. The study-level attributes come from
 * the spooled head of its first image (PS3.3 C.7.2.1 General Study, C.7.3.1 General Series); they are null when
 * that object no longer lies in the spool.
 *
 * @param items the open entries, one per image, for downloading an original
 * @param patientId the Patient ID (0010,0020) whole, as it arrived, from the spooled head (null when unreadable):
 *                  for the audit trail only, which names the patients a list showed (issue 17, NEN 7513); pages
 *                  show {@code patientIdMasked}
 */
public record QuarantineStudy(String studyInstanceUid, String patientName, String patientIdMasked, String studyDate,
                              String modality, String studyDescription, String accessionNumber, String sender,
                              String reasonCode, String messageNl, String messageEn, Instant firstReceived,
                              List<QuarantineItem> items, String patientId) {

    public QuarantineStudy {
        items = List.copyOf(items);
    }

    /** Masked, as the worklist shows it: the whole Patient ID is for the audit trail only. */
    @Override
    public String toString() {
        return "QuarantineStudy[" + studyInstanceUid + ", patient " + patientIdMasked + ", " + items.size()
                + " images]";
    }

    /** How many images of the study wait on the worklist. */
    public int images() {
        return items.size();
    }
}
