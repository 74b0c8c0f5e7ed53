package nl.zorgbrug.gateway.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;

/**
 * Who an object is for, as far as a corrected resend must not change it unseen (issue 15): the Patient ID
 * (0010,0020), its issuer ((0010,0021) or the qualifiers, PS3.3 C.7.1.1) and the BSN the object carries (in the
 * Patient ID issued as BSN, or in an item of the Other Patient IDs Sequence with the BSN OID, as the classifier
 * reads it). Kept with each job instance as three hashes, so the database holds no identifier for it and two
 * versions can still be compared part by part.
 */
public final class PatientKey {
    private static final String SEPARATOR = ":";
    /** The parts in the order of the key, as a person reads them. */
    public enum Part { PATIENT_ID, ISSUER, BSN }

    private PatientKey() {
    }

    /** The key of an object's head. */
    public static String of(DataSet head) {
        PatientIdentity identity = PatientIdentity.of(head);
        PatientId primary = identity.patientId();
        return hash(primary.id()) + SEPARATOR + hash(primary.effectiveIssuer()) + SEPARATOR + hash(bsn(identity));
    }

    private static String bsn(PatientIdentity identity) {
        Optional<Bsn> inPatientId = identity.bsnInPatientId();
        if (inPatientId.isPresent()) {
            return inPatientId.get().value();
        }
        for (PatientId item : identity.bsnItemsInSequence()) {
            Optional<Bsn> bsn = Bsn.fromHeaderValue(item.id());
            if (bsn.isPresent()) {
                return bsn.get().value();
            }
        }
        return null;
    }

    /** The parts in which two keys differ; empty when either is unknown or they are the same patient. */
    public static List<Part> differences(String before, String after) {
        List<Part> differ = new ArrayList<>();
        if (before == null || after == null) {
            return differ;
        }
        String[] a = before.split(SEPARATOR, -1);
        String[] b = after.split(SEPARATOR, -1);
        for (Part part : Part.values()) {
            int i = part.ordinal();
            if (i >= a.length || i >= b.length || !a[i].equals(b[i])) {
                differ.add(part);
            }
        }
        return differ;
    }

    /**
     * 64 bits of SHA-256: enough to tell two patients apart, and no identifier in clear in the database or an
     * event. Not anonymous: a BSN's hash can be found by trying every BSN, so the column is kept as the job's
     * patient_id is.
     */
    private static String hash(String value) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
