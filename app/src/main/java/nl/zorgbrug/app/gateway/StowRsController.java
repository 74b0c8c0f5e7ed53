package nl.zorgbrug.app.gateway;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.gateway.inbound.stowrs.StowRs;

/**
 * The HTTP endpoint of DICOMweb STOW-RS (PS3.18 10.5): {@code POST /dicomweb/{route}/studies}. Only HTTP is
 * here (the path, the authenticated user, the response entity); the protocol is the gateway's {@link StowRs},
 * and each instance enters through the intake like any C-STORE.
 */
@RestController
public class StowRsController {
    private final StowRs stowRs;

    public StowRsController(StowRs stowRs) {
        this.stowRs = stowRs;
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.RECEIVE, recordedByDomain = true)
    @PostMapping(value = "/dicomweb/{route}/studies", produces = "application/dicom+json")
    public ResponseEntity<String> store(@PathVariable("route") String routeName, HttpServletRequest request,
                                        Principal user) throws IOException {
        StowRs.Response response = stowRs.store(routeName, request.getContentType(), request.getInputStream(),
                user.getName());
        return ResponseEntity.status(response.httpStatus()).body(response.body());
    }
}
