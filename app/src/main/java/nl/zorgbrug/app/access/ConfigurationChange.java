package nl.zorgbrug.app.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A handler method that changes the node's configuration at run time (the address book, a partner's SFTP drop):
 * ConfigurationChangeAuditor (app.audit) writes a CONFIGURATION_CHANGE event once the request is answered, with who,
 * from where, what ({@link #value}, and the path variable {@link #key} when given) and whether it succeeded (issue
 * 17; NEN 7513: "user, role and configuration changes" are logged). {@code PatientDataAuditWalkTest} fails on a
 * POST, PUT or DELETE without patient data that carries neither this nor {@link NotPatientData#changesNothing}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConfigurationChange {

    /**
     * The request attribute by which a handler that answers normally (a page's redirect) says that it changed
     * nothing, and why (a form with mistakes): the event is then recorded as refused.
     */
    String REFUSED = "nl.zorgbrug.app.access.ConfigurationChange.REFUSED";

    /** What is changed, for the reader of the trail: "address book entry". */
    String value();

    /** The path variable, or else the request parameter, that names the item changed (the institution's key). */
    String key() default "";

    /** What the change does to the item: UPDATE (add or change) unless it removes it. */
    nl.zorgbrug.audit.event.Action action() default nl.zorgbrug.audit.event.Action.UPDATE;
}
