package nl.zorgbrug.bgz.stu3;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.zorgbrug.bgz.access.AccessToken;
import org.hl7.fhir.dstu3.model.IdType;
import org.hl7.fhir.dstu3.model.Task;

/**
 * {@code POST [base]/Task}: another institution tells us, with a Notified Pull Task, that it made a patient's BgZ
 * available on referral (issue 19, Ontvangend). Only with a token that may post Tasks; the Task goes to the
 * {@link TaskInbox}, which answers with its id here (201, the Task with status {@code accepted}).
 */
public final class TaskProvider implements IResourceProvider {
    private final TaskInbox inbox;

    public TaskProvider(TaskInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public Class<Task> getResourceType() {
        return Task.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Task task, RequestDetails request) {
        AccessToken poster = Caller.of(request);
        if (!poster.notifier()) {
            throw new ForbiddenOperationException("this token may not post Tasks: a Notified Pull Task is posted with "
                    + "the token this hospital issued your organisation for that");
        }
        String id;
        try {
            id = inbox.accept(task, poster);
        } catch (SecurityException e) {
            throw new ForbiddenOperationException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UnprocessableEntityException(e.getMessage());
        }
        Task accepted = task.copy();
        accepted.setId(new IdType("Task", id));
        accepted.setStatus(Task.TaskStatus.ACCEPTED);
        MethodOutcome outcome = new MethodOutcome(new IdType("Task", id), true);
        outcome.setResource(accepted);
        return outcome;
    }
}
