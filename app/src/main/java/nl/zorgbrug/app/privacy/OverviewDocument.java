package nl.zorgbrug.app.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    public java.util.Map<String, String> words() {
        return language == Language.EN ? EN_WORDS : NL_WORDS;
    }

    private static final java.util.Map<String, String> NL_WORDS = java.util.Map.ofEntries(
            java.util.Map.entry("title", "Overzicht van het gebruik van uw gegevens"),
            java.util.Map.entry("intro", "Dit overzicht laat zien wie via Zorgbrug gegevens over u beschikbaar heeft"
                    + " gesteld, aan wie, en wie ze heeft ingezien of opgevraagd, wanneer en namens welke organisatie."
                    + " U heeft recht op dit overzicht volgens artikel 15d van de Wet aanvullende bepalingen verwerking"
                    + " persoonsgegevens in de zorg (Wabvpz)."),
            java.util.Map.entry("bsn", "Burgerservicenummer"),
            java.util.Map.entry("made", "Gemaakt op"),
            java.util.Map.entry("zone", "tijden in de tijdzone"),
            java.util.Map.entry("incomplete", "Dit overzicht is niet volledig: er zijn meer gebeurtenissen dan er"
                    + " passen. Vraag de privacyfunctionaris om een aanvullend overzicht."),
            java.util.Map.entry("empty", "Er zijn geen gebeurtenissen over uw gegevens vastgelegd."),
            java.util.Map.entry("when", "Datum en tijd"), java.util.Map.entry("what", "Wat"),
            java.util.Map.entry("who", "Wie"), java.util.Map.entry("onBehalfOf", "Namens"),
            java.util.Map.entry("from", "Van"), java.util.Map.entry("to", "Naar"),
            java.util.Map.entry("data", "Welke gegevens"), java.util.Map.entry("basis", "Grondslag"),
            java.util.Map.entry("outcome", "Resultaat"),
            java.util.Map.entry("questions", "Heeft u vragen over dit overzicht, of denkt u dat iemand uw gegevens"
                    + " heeft ingezien zonder dat dat mocht? Neem dan contact op met de privacyfunctionaris van het"
                    + " ziekenhuis."));

    private static final java.util.Map<String, String> EN_WORDS = java.util.Map.ofEntries(
            java.util.Map.entry("title", "Overview of the use of your data"),
            java.util.Map.entry("intro", "This overview shows who made data about you available through Zorgbrug, to"
                    + " whom, and who viewed or requested it, when and on behalf of which organisation. You are"
                    + " entitled to this overview under article 15d of the Dutch Act on additional provisions for the"
                    + " processing of personal data in healthcare (Wabvpz)."),
            java.util.Map.entry("bsn", "Citizen service number (BSN)"),
            java.util.Map.entry("made", "Made on"),
            java.util.Map.entry("zone", "times in the time zone"),
            java.util.Map.entry("incomplete", "This overview is not complete: there are more events than fit. Ask the"
                    + " privacy officer for a further overview."),
            java.util.Map.entry("empty", "No events about your data have been recorded."),
            java.util.Map.entry("when", "Date and time"), java.util.Map.entry("what", "What"),
            java.util.Map.entry("who", "Who"), java.util.Map.entry("onBehalfOf", "On behalf of"),
            java.util.Map.entry("from", "From"), java.util.Map.entry("to", "To"),
            java.util.Map.entry("data", "Which data"), java.util.Map.entry("basis", "Legal basis"),
            java.util.Map.entry("outcome", "Result"),
            java.util.Map.entry("questions", "Do you have questions about this overview, or do you think someone"
                    + " viewed your data without being allowed to? Please contact the hospital's privacy officer."));

    static String what(AuditEvent e) {
        return what(e, false);
    }

    static String what(AuditEvent e, boolean en) {
        if (en) {
            return switch (e.type()) {
                case RECEIVE -> "Data received";
                case SEND -> "Data sent";
                case FORWARD -> "Data forwarded";
                case QUARANTINE -> "Data set aside for checking";
                case QUARANTINE_ACTION -> "Action on data set aside";
                case JOB_ACTION -> "Action on a transfer";
                case JOB_STATE -> "State of a transfer changed";
                case QUERY -> "Data searched for";
                case RETRIEVE -> "Data requested";
                case VIEW -> "Data viewed";
                case IMPORT -> "Data taken into the own record";
                case EXPORT_REPORT -> "Report with data made";
                case CONSENT_DECISION -> "Consent checked";
                case CONSENT_CHANGE -> "Consent recorded or changed";
                case MPI_CHANGE, PATIENT_CHANGE -> "Identity data changed or checked";
                case AUDIT_READ -> "This overview or the log viewed";
                default -> e.type().name().toLowerCase(Locale.ROOT);
            };
        }
        return switch (e.type()) {            case RECEIVE -> "Gegevens ontvangen";
            case SEND -> "Gegevens verstuurd";
            case FORWARD -> "Gegevens doorgestuurd";
            case QUARANTINE -> "Gegevens apart gezet voor controle";
            case QUARANTINE_ACTION -> "Handeling op apart gezette gegevens";
            case JOB_ACTION -> "Handeling op een verzending";
            case JOB_STATE -> "Stand van een verzending gewijzigd";
            case QUERY -> "Gegevens gezocht";
            case RETRIEVE -> "Gegevens opgevraagd";
            case VIEW -> "Gegevens ingezien";
            case IMPORT -> "Gegevens overgenomen in het eigen dossier";
            case EXPORT_REPORT -> "Rapport met gegevens gemaakt";
            case CONSENT_DECISION -> "Toestemming nagegaan";
            case CONSENT_CHANGE -> "Toestemming vastgelegd of gewijzigd";
            case MPI_CHANGE, PATIENT_CHANGE -> "Identiteitsgegevens gewijzigd of gecontroleerd";
            case AUDIT_READ -> "Dit overzicht of de logging ingezien";
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
