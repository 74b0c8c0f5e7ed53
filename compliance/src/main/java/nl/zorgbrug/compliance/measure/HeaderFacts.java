package nl.zorgbrug.compliance.measure;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.Classification;
import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * What the measurement takes from an object's header beside the route's verdict: (0008,0060) Modality, (0008,0020)
 * Study Date, the classifier's evidence (which tags held what, identifiers masked) and whether the foreigner rule
 * holds. Never a patient identifier whole.
 *
 * @param studyDate null when missing or not a valid DA (YYYYMMDD, PS3.5 6.2)
 */
public record HeaderFacts(String modality, LocalDate studyDate, List<Evidence> evidence, boolean foreigner) {
    public static final HeaderFacts UNKNOWN = new HeaderFacts(null, null, List.of(), false);

    public HeaderFacts {
        evidence = List.copyOf(evidence);
    }

    /** {@code mpi} finds a patient by local number and issuer (the node's MPI). */
    public static HeaderFacts of(DataSet header, BsnClassifier classifier, ForeignerRule foreigners,
                                 BiFunction<String, String, Optional<MpiPatient>> mpi) {
        Classification c = classifier.classify(header);
        PatientIdentity identity = PatientIdentity.of(header);
        Optional<MpiPatient> patient = Optional.empty();
        if (identity.patientId().id() != null && identity.patientId().effectiveIssuer() != null) {
            patient = mpi.apply(identity.patientId().id(), identity.patientId().effectiveIssuer());
        }
        String modality = header.getString(Tag.Modality);
        return new HeaderFacts(modality == null || modality.isBlank() ? null : modality.trim(),
                date(header.getString(Tag.StudyDate)), c.evidence(), foreigners.applies(c.verdict(), identity, patient));
    }

    static LocalDate date(String da) {
        if (da == null || !da.trim().matches("\\d{8}")) {
            return null;
        }
        try {
            return LocalDate.parse(da.trim(), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
