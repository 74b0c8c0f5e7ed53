package nl.zorgbrug.compliance.tally;

import java.util.List;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.Verdict;

/**
 * One study without a correct BSN, for a PACS administrator to act on: what it holds now, the BSN the MPI knows for
 * its patient (empty when the MPI knows none or none was given), and whether the export swap would fix it on the way
 * out or a person must. {@link #toString()} masks the identifiers: this record may reach a log line.
 */
public record RemediationEntry(String studyUid, String studyDate, String year, List<String> modalities, long objects,
                               Verdict verdict, String patientId, String issuer, String mpiBsn, Fix fix,
                               String fixReason) {
    public RemediationEntry {
        modalities = List.copyOf(modalities);
        mpiBsn = mpiBsn == null ? "" : mpiBsn;
    }

    @Override
    public String toString() {
        return "RemediationEntry[" + studyUid + " " + year + " " + modalities + " " + verdict + " patient "
                + Bsn.mask(patientId) + (issuer.isEmpty() ? "" : "@" + issuer) + " MPI BSN "
                + (mpiBsn.isEmpty() ? "none" : Bsn.mask(mpiBsn)) + " " + fix
                + (fixReason.isEmpty() ? "" : " (" + fixReason + ")") + "]";
    }
}
