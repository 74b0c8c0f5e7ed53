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
 * The patient's overview as a document in Dutch for the patient (Wabvpz art. 15d: the patient's right to an
 * electronic overview of who made which data available, to whom, and who viewed or requested it, when): one row per
 * event, in local time, in words a patient reads. The printable console page and the PDF are made from it, so both
 * say the same.
 */
public record OverviewDocument(String bsn, String madeAt, String zone, boolean complete, List<Row> rows) {

    /** One event: when, what happened, who (in which role, on behalf of which organisation), between which systems. */
    public record Row(String when, String what, String who, String role, String onBehalfOf, String from, String to,
                      String data, String basis, String outcome) {
    }

    public static OverviewDocument of(PatientOverview overview, ConsoleTime time, Instant now) {
        List<Row> rows = new ArrayList<>();
        for (AuditEvent e : overview.events()) {
            rows.add(new Row(time.of(e.at()), what(e), e.actor().name() != null ? e.actor().name()
                    : e.actor().userId(), role(e), e.actor().onBehalfOf() == null ? ""
                    : "URA " + e.actor().onBehalfOf().value(), peer(e.source()), peer(e.destination()), data(e),
                    basis(e.legalBasis()), outcome(e)));
        }
        return new OverviewDocument(overview.patient().value(), time.of(now), time.zone().getId(),
                overview.complete(), rows);
    }

    static String what(AuditEvent e) {
        return switch (e.type()) {
            case RECEIVE -> "Gegevens ontvangen";
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

    static String role(AuditEvent e) {
        return switch (e.actor().role()) {
            case ADMIN -> "beheerder";
            case OPERATOR -> "medewerker";
            case CLINICIAN -> "zorgverlener";
            case QUALITY_OFFICER -> "kwaliteitsfunctionaris";
            case PRIVACY_OFFICER -> "privacyfunctionaris";
            case AUDITOR -> "controleur";
            case SYSTEM -> "systeem (automatisch)";
            case REMOTE_SYSTEM -> "systeem van een andere zorgaanbieder";
            case UNKNOWN -> "onbekende gebruiker";
        };
    }

    static String outcome(AuditEvent e) {
        return switch (e.outcome()) {
            case SUCCESS -> "gelukt";
            case MINOR_FAILURE -> "niet gelukt";
            case SERIOUS_FAILURE -> "niet gelukt (fout)";
            case MAJOR_FAILURE -> "niet gelukt (ernstige fout)";
        };
    }

    private static String peer(Peer p) {
        if (p == null) {
            return "";
        }
        return p.aeTitle() == null || p.aeTitle().equals(p.name()) ? p.name() : p.name() + " (" + p.aeTitle() + ")";
    }

    static String data(AuditEvent e) {
        List<String> parts = new ArrayList<>();
        // The overview's events are this patient's (OverviewService): no other patient a list showed is named.
        for (ObjectRef o : e.dataObjects()) {
            parts.add(switch (o.kind()) {
                case STUDY -> "onderzoek " + o.id();
                case SERIES -> "serie " + o.id();
                case SOP_INSTANCE -> "beeld " + o.id();
                case FHIR_RESOURCE -> "gegeven " + o.id();
                case JOB -> "verzending " + o.id();
                case CONSENT -> "toestemming " + o.id();
                case AUDIT_TRAIL -> "logging";
                case PATIENT -> "patiëntgegevens";
                case FOREIGN_PATIENT_ID -> "patiëntnummer van een andere instelling";
            });
        }
        return String.join(", ", parts);
    }

    static String basis(LegalBasis b) {
        if (b instanceof LegalBasis.Consent c) {
            return "uw toestemming (" + c.consentId() + ")";
        }
        if (b instanceof LegalBasis.Referral r) {
            return "verwijzing (" + r.reference() + ")";
        }
        if (b instanceof LegalBasis.Emergency m) {
            return "spoed (" + m.reason() + ")";
        }
        return b == null ? "" : "behandelrelatie";
    }
}
