package nl.zorgbrug.app.gateway;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.json.DicomJsonWriter;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.MultipartRelated;
import nl.zorgbrug.gateway.route.Route;

/**
 * DICOMweb STOW-RS into a route (PS3.18 10.5): {@code POST /dicomweb/{route}/studies} with a
 * multipart/related body of application/dicom parts. Each instance goes the way a C-STORE on the
 * route's AE title goes (spool, rules, job or quarantine). The response is the Store Instances
 * Response Module as DICOM JSON: 200 when all were stored, 202 when some failed, 409 when none was.
 */
@RestController
public class StowRsController {
    private final GatewayStoreHandler handler;
    private final List<Route> routes;

    public StowRsController(GatewayStoreHandler handler, List<Route> routes) {
        this.handler = handler;
        this.routes = routes;
    }

    @PostMapping(value = "/dicomweb/{route}/studies", produces = "application/dicom+json")
    public ResponseEntity<String> store(@PathVariable("route") String routeName, HttpServletRequest request,
                                        Principal user) throws IOException {
        Route route = routes.stream().filter(r -> r.name().equals(routeName)).findFirst().orElse(null);
        if (route == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("{\"error\":\"no route named " + routeName + "\"}");
        }
        String boundary = MultipartRelated.boundary(request.getContentType());
        if (boundary == null || !request.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/related")) {
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .body("{\"error\":\"expected multipart/related; type=\\\"application/dicom\\\" with a boundary\"}");
        }
        List<DataSet> stored = new ArrayList<>();
        List<DataSet> failed = new ArrayList<>();
        DataSet response = new DataSet();
        MultipartRelated.parse(new BufferedInputStream(request.getInputStream(), 64 * 1024), boundary, (headers, body) -> {
            String cuid = null;
            String iuid = null;
            Status status;
            try {
                Part10Reader.Opened opened = Part10Reader.open(body, "STOW-RS part " + (stored.size() + failed.size() + 1), -1);
                cuid = opened.fileMeta().getString(Tag.MediaStorageSOPClassUID);
                iuid = opened.fileMeta().getString(Tag.MediaStorageSOPInstanceUID);
                status = handler.store(new StoreRequest("STOWRS-" + user.getName(), route.calledAeTitle(), cuid, iuid,
                        opened.transferSyntax(), 0, null, 0), opened.input().asInputStream());
            } catch (DicomParseException e) {
                status = Status.CANNOT_UNDERSTAND.withComment(e.getMessage());
            }
            DataSet item = DataSet.itemOf(response);
            if (cuid != null) {
                item.setString(Tag.ReferencedSOPClassUID, VR.UI, cuid);
            }
            if (iuid != null) {
                item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, iuid);
            }
            if (status.isSuccess()) {
                stored.add(item);
            } else {
                item.setInt(Tag.FailureReason, VR.US, status.code());
                failed.add(item);
            }
        });
        if (!stored.isEmpty()) {
            response.setSequence(Tag.ReferencedSOPSequence, stored);
        }
        if (!failed.isEmpty()) {
            response.setSequence(Tag.FailedSOPSequence, failed);
        }
        HttpStatus code = failed.isEmpty() ? HttpStatus.OK : stored.isEmpty() ? HttpStatus.CONFLICT : HttpStatus.ACCEPTED;
        return ResponseEntity.status(code).body(new DicomJsonWriter(false).write(response));
    }
}
