package nl.zorgbrug.bsn.sbvz;

import java.util.Objects;

import nl.zorgbrug.bsn.Bsn;

/** What the SBV-Z verification asks about: a BSN with the family name, sex (DICOM CS: M, F, O) and birth date (YYYYMMDD). */
public record SbvzQuestion(Bsn bsn, String familyName, String sex, String birthDate) {
    public SbvzQuestion {
        Objects.requireNonNull(bsn, "bsn");
    }

    @Override
    public String toString() {
        return "SbvzQuestion[" + bsn + "]";
    }
}
