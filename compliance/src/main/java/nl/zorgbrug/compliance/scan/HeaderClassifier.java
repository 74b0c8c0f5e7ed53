package nl.zorgbrug.compliance.scan;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * One object's header (a file's, or a PACS's C-FIND identifier) to what the tally needs: the bsn classifier's
 * verdict, and for an object without a correct BSN whether the export swap would fix it. Thread-safe: the classifier
 * and the swap are pure functions.
 */
public final class HeaderClassifier {
    private final BsnClassifier classifier;
    private final SwapCheck swapCheck;

    /** {@code swapCheck} null when the scan has no MPI: the fix is then unknown. */
    public HeaderClassifier(BsnClassifier classifier, SwapCheck swapCheck) {
        this.classifier = classifier;
        this.swapCheck = swapCheck;
    }

    public ObjectResult classify(String source, DataSet header) {
        String studyUid = header.getString(Tag.StudyInstanceUID);
        if (studyUid == null || studyUid.isBlank()) {
            return new ObjectResult.Unreadable(source, "no Study Instance UID (0020,000D): the object belongs to no study");
        }
        Verdict verdict = classifier.classify(header).verdict();
        PatientId primary = PatientIdentity.of(header).patientId();
        Fix fix = Fix.NONE;
        String reason = "";
        if (verdict != Verdict.CORRECT && !verdict.exempt()) {
            if (swapCheck == null) {
                fix = Fix.UNKNOWN_WITHOUT_MPI;
            } else {
                SwapCheck.Outcome o = swapCheck.check(header);
                fix = o.fix();
                reason = o.reason();
            }
        }
        // A PACS's C-FIND identifier names the study's modalities (0008,0061), a file its own (0008,0060).
        String[] inStudy = header.getStrings(Tag.ModalitiesInStudy);
        String modality = inStudy != null && inStudy.length > 0 ? String.join("\\", inStudy)
                : header.getString(Tag.Modality);
        modality = modality == null ? "" : modality;
        return new ObjectResult.Classified(source, studyUid.trim(), verdict, modality.trim(),
                trimmed(header.getString(Tag.StudyDate)), primary.id(), primary.effectiveIssuer(), fix, reason);
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }
}
