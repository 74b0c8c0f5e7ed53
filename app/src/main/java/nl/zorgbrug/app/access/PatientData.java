package nl.zorgbrug.app.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import nl.zorgbrug.audit.event.EventType;

/**
 * A handler method that shows or acts on patient data, and the audit event it leaves (issue 17; NEN 7513:2018: every
 * access to a patient's data is logged). PatientDataAuditor (app.audit) writes the event before the handler runs, so
 * nothing is shown that is not in the trail. An action whose event the domain writes itself (the gateway from the
 * job's events: a person's retry, link or reject; the overview service its AUDIT_READ) says so with
 * {@link #recordedByDomain}. Every handler method carries this or
 * {@link NotPatientData}: {@code PatientDataAuditWalkTest} fails on one that carries neither.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PatientData {

    /** The event: VIEW for a page or response that shows patient data, QUERY for a search, and so on. */
    EventType value();

    /** Where the request names the patient's data, for the event's patient and objects. */
    Subject subject() default Subject.NONE;

    /** True when the domain records the event itself: the gateway from the job's events (with the person as actor), the overview service its AUDIT_READ. */
    boolean recordedByDomain() default false;

    /**
     * True for a list or search: the handler names the patients its answer shows ({@link ShownPatients}), and the
     * event is written after the handler, before the page is rendered or the body written, with those patients
     * (NEN 7513: every patient whose data was shown).
     */
    boolean listsPatients() default false;

    /** How a request names the patient's data. */
    enum Subject {
        /** A list or search without one patient named (the search terms are in {@link #PATIENT} when given). */
        NONE,
        /** One job, the path variable {@code id}: the job as object, its patient from the job. */
        JOB,
        /** Jobs by the request parameter {@code ids}: each as an object. */
        JOBS,
        /** A study, the path variable or request parameter {@code study}. */
        STUDY,
        /** A quarantined object, the path variable {@code id}. */
        QUARANTINE_ITEM,
        /** A patient searched for: the request parameter {@code bsn}, {@code patient} or {@code localId}. */
        PATIENT
    }
}
