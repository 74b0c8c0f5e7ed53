package nl.zorgbrug.bgz.specialism;

import java.util.Arrays;
import java.util.Optional;

/**
 * A medical specialism a hospital department takes referrals for, coded as the Dutch standards code it: Vektis's
 * AGB specialism table COD016-VEKT ("AGB-medische specialismen"), code system {@code urn:oid:2.16.840.1.113883.2.4.6.7}.
 * nl-core-organization (zib2017, HealthcareProvider) binds {@code Organization.type:departmentSpecialty} to the
 * AfdelingSpecialismeCodelijst (value set 2.16.840.1.113883.2.4.3.11.60.40.2.17.2.4), which includes that whole
 * table; the zib's definition limits it to the medical specialties of the BIG Act, which are the table's group 03
 * ("Medisch specialisten"): four digits, the first two the provider type (03), the last two the specialism.
 *
 * <p>The codes are the group's specific specialisms (0300, "niet nader gespecificeerd", is left out: a referral names
 * a department). The Dutch names are the short ones the Dutch Hospital Data table of these codes uses (Vektis writes
 * them as "Medisch specialisten, cardiologie"); the English ones are ours, for the console. Nictiz's own examples
 * confirm 0313 (inwendige geneeskunde), 0320 (cardiologie) and 0335 (geriatrie).
 */
public enum Specialism {
    OPHTHALMOLOGY("0301", "Oogheelkunde", "Ophthalmology"),
    OTORHINOLARYNGOLOGY("0302", "Keel-, neus- en oorheelkunde", "Otorhinolaryngology (ENT)"),
    SURGERY("0303", "Heelkunde", "Surgery"),
    PLASTIC_SURGERY("0304", "Plastische chirurgie", "Plastic surgery"),
    ORTHOPAEDICS("0305", "Orthopedie", "Orthopaedics"),
    UROLOGY("0306", "Urologie", "Urology"),
    OBSTETRICS_AND_GYNAECOLOGY("0307", "Verloskunde en gynaecologie", "Obstetrics and gynaecology"),
    NEUROSURGERY("0308", "Neurochirurgie", "Neurosurgery"),
    DERMATOLOGY("0310", "Dermatologie en venerologie", "Dermatology and venereology"),
    INTERNAL_MEDICINE("0313", "Inwendige geneeskunde", "Internal medicine"),
    PAEDIATRICS("0316", "Kindergeneeskunde", "Paediatrics"),
    GASTROENTEROLOGY("0318", "Maag-darm-leverziekten", "Gastroenterology and hepatology"),
    CARDIOLOGY("0320", "Cardiologie", "Cardiology"),
    PULMONOLOGY("0322", "Longziekten", "Pulmonology"),
    RHEUMATOLOGY("0324", "Reumatologie", "Rheumatology"),
    ALLERGOLOGY("0326", "Allergologie", "Allergology"),
    REHABILITATION("0327", "Revalidatiegeneeskunde", "Rehabilitation medicine"),
    CARDIOTHORACIC_SURGERY("0328", "Cardiochirurgie", "Cardiothoracic surgery"),
    CONSULTATIVE_PSYCHIATRY("0329", "Consultatieve psychiatrie", "Consultative psychiatry"),
    NEUROLOGY("0330", "Neurologie", "Neurology"),
    GERIATRICS("0335", "Klinische geriatrie", "Clinical geriatrics"),
    RADIOTHERAPY("0361", "Radiotherapie", "Radiotherapy"),
    RADIOLOGY("0362", "Radiologie", "Radiology"),
    NUCLEAR_MEDICINE("0363", "Nucleaire geneeskunde", "Nuclear medicine"),
    CLINICAL_CHEMISTRY("0386", "Klinische chemie", "Clinical chemistry"),
    MEDICAL_MICROBIOLOGY("0387", "Medische microbiologie", "Medical microbiology"),
    PATHOLOGY("0388", "Pathologische anatomie", "Pathology"),
    ANAESTHESIOLOGY("0389", "Anesthesiologie en pijnbestrijding", "Anaesthesiology and pain medicine"),
    CLINICAL_GENETICS("0390", "Klinische genetica", "Clinical genetics");

    /** Vektis AGB-medische specialismen (COD016-VEKT), as nl-core-organization fixes the system. */
    public static final String SYSTEM = "urn:oid:2.16.840.1.113883.2.4.6.7";

    private final String code;
    private final String dutch;
    private final String english;

    Specialism(String code, String dutch, String english) {
        this.code = code;
        this.dutch = dutch;
        this.english = english;
    }

    public String code() {
        return code;
    }

    public String dutch() {
        return dutch;
    }

    public String english() {
        return english;
    }

    /** The name in the person's language: Dutch for "nl", English otherwise. */
    public String label(String language) {
        return "nl".equals(language) ? dutch : english;
    }

    /** The specialism with this AGB code (four digits, such as 0320), if the list has it. */
    public static Optional<Specialism> byCode(String code) {
        String c = code == null ? "" : code.strip();
        return Arrays.stream(values()).filter(s -> s.code.equals(c)).findFirst();
    }

    /** The codes, for an error message that says what is allowed. */
    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(s -> s.code).toList());
    }
}
