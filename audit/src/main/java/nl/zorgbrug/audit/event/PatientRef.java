package nl.zorgbrug.audit.event;

import nl.zorgbrug.bsn.Bsn;

/**
 * The patient whose data was acted on (NEN 7513: the "cliënt"): the BSN when known, and the local patient number.
 * At least one is needed. The trail keeps the BSN whole, because the patient's overview (Wabvpz art. 15d) is
 * asked for by BSN; {@link #toString()} masks it, as everywhere, so it never reaches a log line.
 */
public record PatientRef(Bsn bsn, String localId) {
    public PatientRef {
        if (bsn == null && (localId == null || localId.isBlank())) {
            throw new IllegalArgumentException("a patient reference needs a BSN or a local patient number");
        }
    }

    public static PatientRef of(Bsn bsn) {
        return new PatientRef(bsn, null);
    }

    @Override
    public String toString() {
        return "PatientRef[bsn=" + bsn + ", localId=" + (localId == null ? null : mask(localId)) + "]";
    }

    private static String mask(String id) {
        return id.length() <= 2 ? "**" : "*".repeat(id.length() - 2) + id.substring(id.length() - 2);
    }
}
