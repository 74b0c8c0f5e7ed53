package nl.zorgbrug.app.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler method (or all of a controller's) that neither shows nor changes patient data, so it leaves no audit
 * event of its own (the address book, the login page, the status page). {@link #value} says why, for the reviewer:
 * the declaration is a claim that {@code PatientDataAuditWalkTest} lists and a reviewer checks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NotPatientData {

    /** Why this handler shows no patient data. */
    String value();
}
