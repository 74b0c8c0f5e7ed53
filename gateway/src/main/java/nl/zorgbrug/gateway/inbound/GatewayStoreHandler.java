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
 * kept, the sender retries); 0xC000 when the
 * data set cannot be parsed; 0x0110 when no route serves the called AE title.
 */
public final class GatewayStoreHandler implements CStoreHandler {
    private final Intake intake;

    public GatewayStoreHandler(Intake intake) {
        this.intake = intake;
    }

    @Override
    public Status store(StoreRequest request, InputStream dataSet) throws IOException {
        Route route = intake.routeForCalledAe(request.calledAeTitle()).orElse(null);
        if (route == null) {
            dataSet.transferTo(OutputStream.nullOutputStream());
            return Status.PROCESSING_FAILURE.withComment("no route for called AE title " + request.calledAeTitle());
        }
        IntakeOutcome outcome = intake.receive(route, new Arrival(request.sopClassUid(), request.sopInstanceUid(),
                request.transferSyntax(), request.callingAeTitle()), dataSet);
        return status(outcome);
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
        return Status.CANNOT_UNDERSTAND.withComment(truncate(((IntakeOutcome.Unreadable) outcome).message()));
    }

    /** The Error Comment (0000,0902) is LO: at most 64 characters (PS3.7 C.4). */
    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
