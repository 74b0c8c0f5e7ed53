package nl.zorgbrug.gateway.inbound.stowrs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.json.DicomJsonWriter;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.gateway.inbound.Arrival;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.route.Route;

/**
 * DICOMweb STOW-RS into a route (PS3.18 10.5), as protocol: the multipart/related body of application/dicom
 * parts is read part by part, each instance goes through the {@link Intake} the way a C-STORE on the route's AE
 * title does (spool, decide, admit), and the answer is the Store Instances Response Module (PS3.18 10.5.3) as
 * DICOM JSON: 200 when all were stored, 202 when some failed, 409 when none was. HTTP itself (the endpoint, the
 * user) is the web layer's; it hands the body here.
 */
public final class StowRs {
    private final Intake intake;

    public StowRs(Intake intake) {
        this.intake = intake;
    }

    /** The HTTP status and the body (application/dicom+json) of a STOW-RS response. */
    public record Response(int httpStatus, String body) {
    }

    /**
     * Stores the instances of one request.
     *
     * @param contentType the request's Content-Type: multipart/related with a boundary
     * @param user        who sent it (the authenticated user); objects name "STOWRS-" and the user as sender
     * @throws IOException when the request body breaks off
     */
    public Response store(String routeName, String contentType, InputStream body, String user) throws IOException {
        Route route = intake.routeNamed(routeName).orElse(null);
        if (route == null) {
            return new Response(404, "{\"error\":\"no route named " + routeName + "\"}");
        }
        String boundary = MultipartRelated.boundary(contentType);
        if (boundary == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
            return new Response(415, "{\"error\":\"expected multipart/related; type=\\\"application/dicom\\\" with a"
                    + " boundary\"}");
        }
        List<DataSet> stored = new ArrayList<>();
        List<DataSet> failed = new ArrayList<>();
        DataSet response = new DataSet();
        MultipartRelated.parse(new BufferedInputStream(body, 64 * 1024), boundary, (headers, part) -> {
            String cuid = null;
            String iuid = null;
            Status status;
            try {
                Part10Reader.Opened opened = Part10Reader.open(part, "STOW-RS part " + (stored.size() + failed.size() + 1),
                        -1);
                cuid = opened.fileMeta().getString(Tag.MediaStorageSOPClassUID);
                iuid = opened.fileMeta().getString(Tag.MediaStorageSOPInstanceUID);
                status = GatewayStoreHandler.status(intake.receive(route, new Arrival(cuid, iuid,
                        opened.transferSyntax(), "STOWRS-" + user), opened.input().asInputStream()));
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
        int code = failed.isEmpty() ? 200 : stored.isEmpty() ? 409 : 202;
        return new Response(code, new DicomJsonWriter(false).write(response));
    }
}
