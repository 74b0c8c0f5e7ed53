package nl.zorgbrug.app.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page needs: the local time format and what the person may do. */
@ControllerAdvice(annotations = Controller.class)
public class ConsoleAdvice {
    private final ConsoleTime time;
    private final String nodeId;

    /** @param leases this node's name (issue 22: which node a person is looking at, behind a proxy of several) */
    public ConsoleAdvice(ConsoleProperties properties,
                         org.springframework.beans.factory.ObjectProvider<nl.zorgbrug.gateway.job.Leases> leases) {
        this.time = new ConsoleTime(properties.timeZone());
        nl.zorgbrug.gateway.job.Leases own = leases.getIfAvailable();
        this.nodeId = own == null ? null : own.nodeId();
    }

    /** This node's id ({@code zorgbrug.node.id}), shown in every page's header. */
    @ModelAttribute("nodeId")
    public String nodeId() {
        return nodeId;
    }

    @ModelAttribute("time")
    public ConsoleTime time() {
        return time;
    }

    @ModelAttribute("can")
    public ConsoleUser can(Authentication auth) {
        return ConsoleUser.of(auth);
    }
}
