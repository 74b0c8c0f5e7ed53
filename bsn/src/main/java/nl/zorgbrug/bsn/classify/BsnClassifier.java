package nl.zorgbrug.bsn.classify;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;

/**
 * One verdict per object on how it carries the BSN, for measuring how far a hospital's archive follows
 * the Nictiz "BSN in DICOM" guideline. The first rule that matches decides, in this order: the Patient
 * ID issued as BSN (CORRECT or INVALID_BSN); a BSN-like value in (0010,0020) without issuer or with a
 * foreign one; the Other Patient IDs Sequence; the retired Other Patient IDs; then, with no BSN at all,
 * the exemptions (newborn ≤ 28 days, configured rules) before NO_BSN. "BSN-like" means nine digits that
 * pass the 11-proof; values whose issuer is one of the hospital's local issuers are local numbers, not BSNs.
 * Evidence names the tag and shows identifiers masked only.
 */
public final class BsnClassifier {
    /** Up to this age in days at the study date a patient counts as a newborn, who may not have a BSN yet. */
    public static final int NEWBORN_DAYS = 28;

    private final ExemptionRules rules;

    public BsnClassifier(ExemptionRules rules) {
        this.rules = rules;
    }

    public Classification classify(DataSet header) {
        PatientIdentity identity = PatientIdentity.of(header);
        List<Evidence> evidence = new ArrayList<>();
        PatientId primary = identity.patientId();

        if (primary.id() != null && primary.issuedAsBsn()) {
            evidence.add(issuerEvidence(primary));
            if (Bsn.fromHeaderValue(primary.id()).isPresent()) {
                evidence.add(new Evidence("(0010,0020)", Bsn.mask(primary.id()), "valid BSN (9 digits, 11-proof)"));
                return new Classification(Verdict.CORRECT, evidence);
            }
            evidence.add(new Evidence("(0010,0020)", Bsn.mask(primary.id()), "not a valid BSN (needs 9 digits passing the 11-proof)"));
            return new Classification(Verdict.INVALID_BSN, evidence);
        }
        Optional<Verdict> fromPrimary = bsnLike(primary, evidence);
        if (fromPrimary.isPresent()) {
            return new Classification(fromPrimary.get(), evidence);
        }

        List<PatientId> bsnItems = identity.bsnItemsInSequence();
        for (PatientId item : bsnItems) {
            if (Bsn.fromHeaderValue(item.id()).isPresent()) {
                evidence.add(new Evidence(item.where() + ">(0010,0020)", Bsn.mask(item.id()),
                        "valid BSN with issuer " + Bsn.ISSUER_OID + ", but (0010,0020) holds "
                                + (primary.id() == null ? "nothing" : Bsn.mask(primary.id()) + " issuer " + primary.effectiveIssuer())));
                return new Classification(Verdict.BSN_ONLY_IN_OTHER_IDS_SEQUENCE, evidence);
            }
        }
        if (!bsnItems.isEmpty()) {
            PatientId item = bsnItems.get(0);
            evidence.add(new Evidence(item.where() + ">(0010,0020)", Bsn.mask(item.id()),
                    "issued as BSN but not a valid BSN (needs 9 digits passing the 11-proof)"));
            return new Classification(Verdict.INVALID_BSN, evidence);
        }
        for (PatientId item : identity.otherIds()) {
            Optional<Verdict> v = bsnLike(item, evidence);
            if (v.isPresent()) {
                return new Classification(v.get(), evidence);
            }
        }
        for (PatientId retired : identity.retiredOtherIds()) {
            if (Bsn.fromHeaderValue(retired.id()).isPresent()) {
                evidence.add(new Evidence(retired.where(), Bsn.mask(retired.id()),
                        "passes the 11-proof; the retired Other Patient IDs has no issuer"));
                return new Classification(Verdict.BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS, evidence);
            }
        }

        evidence.add(new Evidence("(0010,0020)", primary.id() == null ? null : Bsn.mask(primary.id()),
                "no BSN in (0010,0020), (0010,1002) or (0010,1000)"
                        + (primary.effectiveIssuer() == null ? "" : "; issuer " + primary.effectiveIssuer())));
        Optional<Long> age = ageInDays(identity);
        if (age.isPresent() && age.get() >= 0 && age.get() <= NEWBORN_DAYS) {
            evidence.add(new Evidence("(0010,0030)/(0008,0020)", null, "patient " + age.get()
                    + " days old at the study date (newborn, ≤ " + NEWBORN_DAYS + " days)"));
            return new Classification(Verdict.EXEMPT_NEWBORN, evidence);
        }
        if (primary.effectiveIssuer() != null && rules.temporaryIssuers().contains(primary.effectiveIssuer())) {
            evidence.add(new Evidence("(0010,0021)", primary.effectiveIssuer(), "issuer of temporary IDs (exemption rule)"));
            return new Classification(Verdict.EXEMPT_RULE, evidence);
        }
        if (identity.patientName() != null) {
            for (Pattern p : rules.namePatterns()) {
                if (p.matcher(identity.patientName()).find()) {
                    evidence.add(new Evidence("(0010,0010)", null, "matches exemption name pattern /" + p.pattern() + "/"));
                    return new Classification(Verdict.EXEMPT_RULE, evidence);
                }
            }
        }
        return new Classification(Verdict.NO_BSN, evidence);
    }

    /** BSN_WITHOUT_ISSUER or WRONG_ISSUER when the id looks like a BSN and its issuer is not a local one. */
    private Optional<Verdict> bsnLike(PatientId id, List<Evidence> evidence) {
        if (id.id() == null || Bsn.fromHeaderValue(id.id()).isEmpty()) {
            return Optional.empty();
        }
        String issuer = id.effectiveIssuer();
        String where = id.where() + (id.where().equals("(0010,0020)") ? "" : ">(0010,0020)");
        if (issuer == null) {
            evidence.add(new Evidence(where, Bsn.mask(id.id()), "passes the 11-proof but has no issuer"));
            return Optional.of(Verdict.BSN_WITHOUT_ISSUER);
        }
        if (rules.localIssuers().contains(issuer) || rules.temporaryIssuers().contains(issuer)) {
            return Optional.empty();
        }
        evidence.add(new Evidence(where, Bsn.mask(id.id()), "passes the 11-proof but its issuer is " + issuer
                + (Bsn.ISSUER_OID.equals(id.universalEntityId()) || Bsn.ISSUER_OID.equals(id.issuer())
                        ? " (issuers contradict: (0010,0021) " + id.issuer() + ", (0010,0024) " + id.universalEntityId()
                                + " type " + id.universalEntityIdType() + ")"
                        : ", not " + Bsn.ISSUER_OID)));
        return Optional.of(Verdict.WRONG_ISSUER);
    }

    private static Evidence issuerEvidence(PatientId primary) {
        if (primary.issuer() != null) {
            return new Evidence("(0010,0021)", primary.issuer(), "issuer of BSNs"
                    + (primary.universalEntityId() != null ? "; (0010,0024) agrees (type ISO)" : ""));
        }
        return new Evidence("(0010,0024)>(0040,0032)", primary.universalEntityId(),
                "issuer given only in the Issuer of Patient ID Qualifiers Sequence, Universal Entity ID Type ISO;"
                        + " (0010,0021) is absent");
    }

    private static Optional<Long> ageInDays(PatientIdentity identity) {
        Optional<LocalDate> birth = date(identity.birthDate());
        Optional<LocalDate> study = date(identity.studyDate());
        if (birth.isEmpty() || study.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ChronoUnit.DAYS.between(birth.get(), study.get()));
    }

    /** A DA value (PS3.5 6.2), compiled once: the classifier runs for every object a route receives and delivers. */
    private static final Pattern DA = Pattern.compile("\\d{8}");

    private static Optional<LocalDate> date(String da) {
        if (da == null || !DA.matcher(da).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(da, DateTimeFormatter.BASIC_ISO_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
