package nl.zorgbrug.gateway.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.CStoreHandler;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.route.Route;

/**
 * The gateway's C-STORE SCP: a thin DIMSE adapter on the {@link Intake}. The called AE title names the route;
 * the intake spools, decides and admits; the outcome becomes the response status (PS3.4 B.2.3): 0x0000 once
 * safe; 0xA700 when a disk is full or below its reserve, or the database cannot record the object (nothing
 * kept, the sender retries); 0xA900 when the data set is not the object the command names or holds a value longer
 * than the node keeps ({@link HeadCheck}); 0xC000 when the data set cannot be parsed; 0x0110 when no route serves
 * the called AE title or a fault of the node kept it from recording the object. Every refusal is logged (issue 15)
 * with the calling AE title and the reason, never with patient data: the reasons name tags, lengths and UIDs only.
 */
public final class GatewayStoreHandler implements CStoreHandler {
    private static final System.Logger LOG = System.getLogger(GatewayStoreHandler.class.getName());

    private final Intake intake;

    public GatewayStoreHandler(Intake intake) {
        this.intake = intake;
    }

    @Override
    public Status store(StoreRequest request, InputStream dataSet) throws IOException {
        Route route = intake.routeForCalledAe(request.calledAeTitle()).orElse(null);
        if (route == null) {
            dataSet.transferTo(OutputStream.nullOutputStream());
            String reason = "no route for called AE title " + request.calledAeTitle();
            return refused(request, Status.PROCESSING_FAILURE.withComment(reason), reason);
        }
        IntakeOutcome outcome = intake.receive(route, new Arrival(request.sopClassUid(), request.sopInstanceUid(),
                request.transferSyntax(), request.callingAeTitle(), request.tlsPeerSubject()), dataSet);
        Status status = status(outcome);
        return status.isSuccess() ? status : refused(request, status, reason(outcome));
    }

    /** Logs a refused C-STORE: who sent what to which AE title, the status and the whole reason. */
    private static Status refused(StoreRequest request, Status status, String reason) {
        LOG.log(System.Logger.Level.WARNING, String.format("C-STORE refused with 0x%04X: from AE %s to %s, SOP Instance"
                + " UID %s: %s", status.code(), request.callingAeTitle(), request.calledAeTitle(),
                request.sopInstanceUid(), reason));
        return status;
    }

    /** The C-STORE response status of an intake's outcome (PS3.4 B.2.3). */
    public static Status status(IntakeOutcome outcome) {
        if (outcome.safe()) {
            return Status.SUCCESS;
        }
        if (outcome instanceof IntakeOutcome.SpoolFull) {
            return Status.OUT_OF_RESOURCES.withComment("disk space low; send again later");
        }
        if (outcome instanceof IntakeOutcome.NotRecorded) {
            return Status.OUT_OF_RESOURCES.withComment("database cannot record now; send again later");
        }
        if (outcome instanceof IntakeOutcome.NotConformant n) {
            return Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS.withComment(n.comment());
        }
        if (outcome instanceof IntakeOutcome.Failed f) {
            return Status.PROCESSING_FAILURE.withComment(f.message());
        }
        return Status.CANNOT_UNDERSTAND.withComment(truncate(((IntakeOutcome.Unreadable) outcome).message()));
    }

    /** The whole reason of an outcome that is not safe, for the log. */
    static String reason(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.SpoolFull s) {
            return s.message();
        }
        if (outcome instanceof IntakeOutcome.NotConformant n) {
            return n.message();
        }
        if (outcome instanceof IntakeOutcome.Failed f) {
            return f.message();
        }
        if (outcome instanceof IntakeOutcome.NotRecorded n) {
            return n.message();
        }
        return outcome instanceof IntakeOutcome.Unreadable u ? u.message() : outcome.toString();
    }

    /** The Error Comment (0000,0902) is LO: at most 64 characters (PS3.7 C.4). */
    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
