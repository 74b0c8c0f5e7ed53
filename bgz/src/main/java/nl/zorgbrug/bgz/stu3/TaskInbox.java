package nl.zorgbrug.bgz.stu3;

import nl.zorgbrug.bgz.access.AccessToken;
import org.hl7.fhir.dstu3.model.Task;

/**
 * Takes a Notified Pull Task another institution posted (Ontvangend): the endpoint checks that the token may post
 * Tasks; what the Task says and what follows is the inbox's. It answers the id the Task is known by here.
 *
 * <p>It throws {@link IllegalArgumentException} for a Task it cannot take (answered 422 with the reason) and
 * {@link SecurityException} for one the poster may not send (answered 403).
 */
@FunctionalInterface
public interface TaskInbox {
    String accept(Task task, AccessToken poster);
}
