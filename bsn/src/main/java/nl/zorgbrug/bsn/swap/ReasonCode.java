package nl.zorgbrug.bsn.swap;

/**
 * Why a swap refused an object, with the message for the people who resolve it, in Dutch and English.
 * The codes are stable: they appear in {@code .reason.json} files and in the gateway's audit trail.
 */
public enum ReasonCode {
    NO_PATIENT_ID(Disposition.HOLD,
            "Het object heeft geen patiëntnummer (0010,0020).",
            "The object has no Patient ID (0010,0020)."),
    LOCAL_ISSUER_MISSING(Disposition.HOLD,
            "Het patiëntnummer heeft geen uitgever (0010,0021); het is niet zeker dat het een nummer van dit ziekenhuis is.",
            "The Patient ID has no issuer (0010,0021); it is not certain to be a number of this hospital."),
    FOREIGN_ISSUER(Disposition.HOLD,
            "Het patiëntnummer is uitgegeven door een andere uitgever dan dit ziekenhuis; er wordt niet geraden welke patiënt het is.",
            "The Patient ID was issued by another issuer than this hospital; we do not guess which patient it is."),
    PATIENT_NOT_IN_MPI(Disposition.HOLD,
            "De patiënt staat niet in de master patient index.",
            "The patient is not in the master patient index."),
    AMBIGUOUS_MPI_PATIENT(Disposition.HOLD,
            "De master patient index heeft meer dan één patiënt met dit BSN; corrigeer de MPI.",
            "The master patient index holds more than one patient with this BSN; correct the MPI."),
    NO_BSN(Disposition.HOLD,
            "Voor deze patiënt is geen BSN bekend; zonder BSN mag het object het ziekenhuis niet verlaten.",
            "No BSN is known for this patient; without a BSN the object may not leave the hospital."),
    BSN_NOT_VALIDATED(Disposition.HOLD,
            "Het BSN is niet gevalideerd (de patiënt is niet met een identiteitsbewijs geïdentificeerd); de Wabvpz staat delen met een andere zorgaanbieder alleen toe met een gevalideerd BSN. Geverifieerd bij de SBV-Z is niet genoeg.",
            "The BSN has not been validated (the patient was not identified with an identity document); the Wabvpz allows sharing with another provider only with a validated BSN. Verified against the BSN register (SBV-Z) is not enough."),
    IDENTITY_CONFLICT(Disposition.HOLD,
            "De identiteit van deze patiënt is in conflict (het EPD gaf een BSN dat een andere patiënt al heeft, een ongeldig BSN of tegenstrijdige gegevens); een medewerker moet dit in de MPI oplossen.",
            "This patient's identity is in conflict (the EPD gave a BSN another patient already has, an invalid BSN or contradicting data); a person must resolve it in the MPI."),
    BSN_MISMATCH(Disposition.HOLD,
            "Het BSN in het object verschilt van het BSN in de master patient index.",
            "The BSN in the object differs from the BSN in the master patient index."),
    BSN_CONFLICT(Disposition.QUARANTINE,
            "Het object bevat meer dan één verschillend BSN.",
            "The object holds more than one different BSN."),
    LOCAL_ID_CONFLICT(Disposition.HOLD,
            "Het object bevat meer dan één patiëntnummer van dit ziekenhuis, of een ander dan de master patient index; mogelijk zijn patiënten samengevoegd of verwisseld.",
            "The object holds more than one patient number of this hospital, or another one than the master patient index; patients may have been merged or mixed up."),
    DEMOGRAPHICS_MISMATCH(Disposition.HOLD,
            "Naam of geboortedatum in het object wijkt duidelijk af van de master patient index voor dit BSN.",
            "Name or birth date in the object clearly differs from the master patient index for this BSN."),
    ISSUER_MISSING(Disposition.QUARANTINE,
            "Het binnenkomende patiëntnummer heeft geen uitgever; alleen een BSN met uitgever 2.16.840.1.113883.2.4.6.3 wordt automatisch geïmporteerd.",
            "The incoming Patient ID has no issuer; only a BSN with issuer 2.16.840.1.113883.2.4.6.3 is imported automatically."),
    ISSUER_NOT_BSN(Disposition.QUARANTINE,
            "De uitgever van het binnenkomende patiëntnummer is niet de BSN-uitgever 2.16.840.1.113883.2.4.6.3.",
            "The issuer of the incoming Patient ID is not the BSN issuer 2.16.840.1.113883.2.4.6.3."),
    INVALID_BSN(Disposition.QUARANTINE,
            "Het BSN voldoet niet aan de elfproef of heeft geen 9 cijfers.",
            "The BSN fails the 11-proof or does not have 9 digits."),
    NO_LOCAL_PATIENT(Disposition.QUARANTINE,
            "Er is geen patiënt in dit ziekenhuis met dit BSN.",
            "There is no patient in this hospital with this BSN."),
    LOCAL_PATIENT_CONFLICTED(Disposition.QUARANTINE,
            "De patiënt in dit ziekenhuis met dit BSN heeft een identiteitsconflict; een medewerker moet dat eerst in de MPI oplossen.",
            "The patient in this hospital with this BSN has an identity conflict; a person must resolve it in the MPI first."),
    LOCAL_OBJECT_NOT_CONFIRMED(Disposition.QUARANTINE,
            "Het object draagt al het lokale patiëntnummer, maar de master patient index bevestigt dat niet via het BSN.",
            "The object already carries a local Patient ID, but the master patient index does not confirm it through the BSN."),
    TEXT_NOT_ENCODABLE(Disposition.QUARANTINE,
            "Een nieuwe waarde kan niet in de tekenset van het object (0008,0005) worden geschreven.",
            "A new value cannot be written in the object's character set (0008,0005)."),
    LINKED_PATIENT_NOT_IN_MPI(Disposition.QUARANTINE,
            "De patiënt waaraan dit object handmatig is gekoppeld, staat niet meer in de master patient index.",
            "The patient this object was linked to by hand is no longer in the master patient index."),
    UNREADABLE(Disposition.QUARANTINE,
            "Het bestand is geen leesbaar DICOM-object.",
            "The file is not a readable DICOM object.");

    private final Disposition disposition;
    private final String messageNl;
    private final String messageEn;

    ReasonCode(Disposition disposition, String messageNl, String messageEn) {
        this.disposition = disposition;
        this.messageNl = messageNl;
        this.messageEn = messageEn;
    }

    public Disposition disposition() {
        return disposition;
    }

    public String messageNl() {
        return messageNl;
    }

    public String messageEn() {
        return messageEn;
    }
}
