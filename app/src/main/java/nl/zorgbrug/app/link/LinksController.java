package nl.zorgbrug.app.link;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.transport.link.LinkDesk;

/** Download links over REST (issue 21): list, order, revoke. Documented in static/openapi.yaml. */
@RestController
@RequestMapping("/api/links")
public class LinksController {
    private final LinkDesk desk;
    private final LinkOrders orders;

    LinksController(LinkDesk desk, LinkOrders orders) {
        this.desk = desk;
        this.orders = orders;
    }

    /** The newest links: which study went to whom, why, and what became of it; the event names their patients. */
    @PatientData(value = EventType.VIEW, listsPatients = true)
    @GetMapping
    public List<LinkView> list(@RequestParam(defaultValue = "200") int limit) {
        return LinkView.shown(desk.recent(Math.min(Math.max(limit, 1), 1000)));
    }

    /** Orders a link; the order itself is written into the audit trail by the link's events. */
    @PatientData(value = EventType.JOB_ACTION, recordedByDomain = true)
    @PostMapping
    public ResponseEntity<Map<String, Object>> order(@RequestBody LinkOrders.Request request, Principal user)
            throws IOException {
        LinkOrders.Ordered ordered = orders.order(request, user.getName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("link", LinkView.of(ordered.link()));
        body.put("study", ordered.study());
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    /** Revokes a link: it opens nothing from now on, its package is deleted. */
    @PatientData(value = EventType.JOB_ACTION, recordedByDomain = true)
    @PostMapping("/{id}/revoke")
    public LinkView revoke(@PathVariable long id, Principal user) throws IOException {
        return LinkView.of(desk.revoke(id, user.getName()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(e.getMessage().startsWith("no download link") ? HttpStatus.NOT_FOUND
                : HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, String>> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
