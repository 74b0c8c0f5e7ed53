package nl.zorgbrug.app.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.zorgbrug.app.console.ConsoleTime;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.overview.PatientOverview;

/**
 * The patient's overview as a document for the patient, in Dutch or English (Wabvpz art. 15d: the patient's right to
 * an electronic overview of who made which data available, to whom, and who viewed or requested it, when): one row
 * per event, in local time, in words a patient reads. A study is named by its description, date and modalities where
 * the node knows them ({@link StudyLabels}; issue 20 part 5: "who requested which study"), not by its UID; the
 * organisation an event was on behalf of is its URA. The printable console page and the PDF are made from it, so
 * both say the same.
 */
public record OverviewDocument(String bsn, String madeAt, String zone, boolean complete, List<Row> rows,
                               Language language) {

    /** The language of the document: the patient's choice, Dutch unless asked otherwise. */
    public enum Language {
        NL, EN;

        /** {@code en} (any case, or a tag beginning with it) is English; anything else, or nothing, Dutch. */
        public static Language of(String tag) {
            return tag != null && tag.strip().toLowerCase(Locale.ROOT).startsWith("en") ? EN : NL;
        }

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One event: when, what happened, who (in which role, on behalf of which organisation), between which systems. */
    public record Row(String when, String what, String who, String role, String onBehalfOf, String from, String to,
                      String data, String basis, String outcome) {
    }

    /** The Dutch document with studies named by their UID (what the node knew before issue 20's labels). */
    public static OverviewDocument of(PatientOverview overview, ConsoleTime time, Instant now) {
        return of(overview, time, now, Language.NL, StudyLabels.NONE);
    }

    public static OverviewDocument of(PatientOverview overview, ConsoleTime time, Instant now, Language language,
                                      StudyLabels labels) {
        boolean en = language == Language.EN;
        List<Row> rows = new ArrayList<>();
        for (AuditEvent e : overview.events()) {
            rows.add(new Row(time.of(e.at()), what(e, en), e.actor().name() != null ? e.actor().name()
                    : e.actor().userId(), role(e, en), e.actor().onBehalfOf() == null ? ""
                    : "URA " + e.actor().onBehalfOf().value(), peer(e.source()), peer(e.destination()),
                    data(e, en, labels), basis(e.legalBasis(), en), outcome(e, en)));
        }
        return new OverviewDocument(overview.patient().value(), time.of(now), time.zone().getId(),
                overview.complete(), rows, language);
    }

    /** The document's fixed words (headings, explanation) in its language, for the template. */
    public Map<String, String> words() {
        return language == Language.EN ? EN_WORDS : NL_WORDS;
    }

    private static final Map<String, String> NL_WORDS = fixedWords(false);
    private static final Map<String, String> EN_WORDS = fixedWords(true);

    /** Each word in English beside its Dutch, so that neither language can lack one the other has. */
    private static Map<String, String> fixedWords(boolean en) {
        return Map.ofEntries(
                Map.entry("title", en ? "Overview of the use of your data"
                        : "Overzicht van het gebruik van uw gegevens"),
                Map.entry("intro", en ? "This overview shows who made data about you available through Zorgbrug, to"
                        + " whom, and who viewed or requested it, when and on behalf of which organisation. You are"
                        + " entitled to this overview under article 15d of the Dutch Act on additional provisions for"
                        + " the processing of personal data in healthcare (Wabvpz)."
                        : "Dit overzicht laat zien wie via Zorgbrug gegevens over u beschikbaar heeft gesteld, aan"
                        + " wie, en wie ze heeft ingezien of opgevraagd, wanneer en namens welke organisatie. U heeft"
                        + " recht op dit overzicht volgens artikel 15d van de Wet aanvullende bepalingen verwerking"
                        + " persoonsgegevens in de zorg (Wabvpz)."),
                Map.entry("bsn", en ? "Citizen service number (BSN)" : "Burgerservicenummer"),
                Map.entry("made", en ? "Made on" : "Gemaakt op"),
                Map.entry("zone", en ? "times in the time zone" : "tijden in de tijdzone"),
                Map.entry("incomplete", en ? "This overview is not complete: there are more events than fit. Ask the"
                        + " privacy officer for a further overview."
                        : "Dit overzicht is niet volledig: er zijn meer gebeurtenissen dan er passen. Vraag de"
                        + " privacyfunctionaris om een aanvullend overzicht."),
                Map.entry("empty", en ? "No events about your data have been recorded."
                        : "Er zijn geen gebeurtenissen over uw gegevens vastgelegd."),
                Map.entry("when", en ? "Date and time" : "Datum en tijd"),
                Map.entry("what", en ? "What" : "Wat"),
                Map.entry("who", en ? "Who" : "Wie"),
                Map.entry("onBehalfOf", en ? "On behalf of" : "Namens"),
                Map.entry("from", en ? "From" : "Van"),
                Map.entry("to", en ? "To" : "Naar"),
                Map.entry("data", en ? "Which data" : "Welke gegevens"),
                Map.entry("basis", en ? "Legal basis" : "Grondslag"),
                Map.entry("outcome", en ? "Result" : "Resultaat"),
                Map.entry("questions", en ? "Do you have questions about this overview, or do you think someone viewed"
                        + " your data without being allowed to? Please contact the hospital's privacy officer."
                        : "Heeft u vragen over dit overzicht, of denkt u dat iemand uw gegevens heeft ingezien zonder"
                        + " dat dat mocht? Neem dan contact op met de privacyfunctionaris van het ziekenhuis."));
    }

    static String what(AuditEvent e) {
        return what(e, false);
    }

    static String what(AuditEvent e, boolean en) {
        return switch (e.type()) {
            case RECEIVE -> en ? "Data received" : "Gegevens ontvangen";
            case SEND -> en ? "Data sent" : "Gegevens verstuurd";
            case FORWARD -> en ? "Data forwarded" : "Gegevens doorgestuurd";
            case QUARANTINE -> en ? "Data set aside for checking" : "Gegevens apart gezet voor controle";
            case QUARANTINE_ACTION -> en ? "Action on data set aside" : "Handeling op apart gezette gegevens";
            case JOB_ACTION -> en ? "Action on a transfer" : "Handeling op een verzending";
            case JOB_STATE -> en ? "State of a transfer changed" : "Stand van een verzending gewijzigd";
            case QUERY -> en ? "Data searched for" : "Gegevens gezocht";
            case RETRIEVE -> en ? "Data requested" : "Gegevens opgevraagd";
            case VIEW -> en ? "Data viewed" : "Gegevens ingezien";
            case IMPORT -> en ? "Data taken into the own record" : "Gegevens overgenomen in het eigen dossier";
            case EXPORT_REPORT -> en ? "Report with data made" : "Rapport met gegevens gemaakt";
            case CONSENT_DECISION -> en ? "Consent checked" : "Toestemming nagegaan";
            case CONSENT_CHANGE -> en ? "Consent recorded or changed" : "Toestemming vastgelegd of gewijzigd";
            case MPI_CHANGE, PATIENT_CHANGE -> en ? "Identity data changed or checked"
                    : "Identiteitsgegevens gewijzigd of gecontroleerd";
            case AUDIT_READ -> en ? "This overview or the log viewed" : "Dit overzicht of de logging ingezien";
            default -> e.type().name().toLowerCase(Locale.ROOT);
        };
    }

    static String role(AuditEvent e, boolean en) {
        return switch (e.actor().role()) {
            case ADMIN -> en ? "administrator" : "beheerder";
            case OPERATOR -> en ? "staff member" : "medewerker";
            case CLINICIAN -> en ? "care provider" : "zorgverlener";
            case QUALITY_OFFICER -> en ? "quality officer" : "kwaliteitsfunctionaris";
            case PRIVACY_OFFICER -> en ? "privacy officer" : "privacyfunctionaris";
            case AUDITOR -> en ? "auditor" : "controleur";
            case SYSTEM -> en ? "system (automatic)" : "systeem (automatisch)";
            case REMOTE_SYSTEM -> en ? "system of another care provider" : "systeem van een andere zorgaanbieder";
            case UNKNOWN -> en ? "unknown user" : "onbekende gebruiker";
        };
    }

    static String outcome(AuditEvent e, boolean en) {
        return switch (e.outcome()) {
            case SUCCESS -> en ? "succeeded" : "gelukt";
            case MINOR_FAILURE -> en ? "did not succeed" : "niet gelukt";
            case SERIOUS_FAILURE -> en ? "did not succeed (error)" : "niet gelukt (fout)";
            case MAJOR_FAILURE -> en ? "did not succeed (serious error)" : "niet gelukt (ernstige fout)";
        };
    }

    private static String peer(Peer p) {
        if (p == null) {
            return "";
        }
        return p.aeTitle() == null || p.aeTitle().equals(p.name()) ? p.name() : p.name() + " (" + p.aeTitle() + ")";
    }

    static String data(AuditEvent e, boolean en, StudyLabels labels) {
        List<String> parts = new ArrayList<>();
        // The overview's events are this patient's (OverviewService): no other patient a list showed is named.
        for (ObjectRef o : e.dataObjects()) {
            parts.add(switch (o.kind()) {
                case STUDY -> study(o.id(), en, labels);
                case SERIES -> (en ? "series " : "serie ") + o.id();
                case SOP_INSTANCE -> (en ? "image " : "beeld ") + o.id();
                case FHIR_RESOURCE -> (en ? "data item " : "gegeven ") + o.id();
                case JOB -> (en ? "transfer " : "verzending ") + o.id();
                case CONSENT -> (en ? "consent " : "toestemming ") + o.id();
                case AUDIT_TRAIL -> en ? "log" : "logging";
                case PATIENT -> en ? "patient data" : "patiëntgegevens";
                case FOREIGN_PATIENT_ID -> en ? "patient number of another institution"
                        : "patiëntnummer van een andere instelling";
            });
        }
        return String.join(", ", parts);
    }

    /**
     * A study as the patient recognises it: "onderzoek CT thorax (CT) van 3 maart 2026" / "study CT thorax (CT) of
     * 3 March 2026"; its UID only when the node knows nothing else of it.
     */
    static String study(String uid, boolean en, StudyLabels labels) {
        StudyLabels.StudyLabel label = labels.of(uid).orElse(null);
        if (label == null || (label.description() == null && label.date() == null && label.modalities().isEmpty())) {
            return (en ? "study " : "onderzoek ") + uid;
        }
        StringBuilder text = new StringBuilder(en ? "study" : "onderzoek");
        if (label.description() != null && !label.description().isBlank()) {
            text.append(' ').append(label.description().strip());
        }
        if (!label.modalities().isEmpty()) {
            text.append(" (").append(String.join(", ", label.modalities())).append(')');
        }
        if (label.date() != null) {
            text.append(en ? " of " : " van ").append(label.date().format(java.time.format.DateTimeFormatter
                    .ofPattern("d MMMM yyyy", en ? Locale.ENGLISH : Locale.forLanguageTag("nl-NL"))));
        }
        return text.toString();
    }

    static String basis(LegalBasis b, boolean en) {
        if (b instanceof LegalBasis.Consent c) {
            return (en ? "your consent (" : "uw toestemming (") + c.consentId() + ")";
        }
        if (b instanceof LegalBasis.Referral r) {
            return (en ? "referral (" : "verwijzing (") + r.reference() + ")";
        }
        if (b instanceof LegalBasis.Emergency m) {
            return (en ? "emergency (" : "spoed (") + m.reason() + ")";
        }
        return b == null ? "" : en ? "treatment relationship" : "behandelrelatie";
    }
}
