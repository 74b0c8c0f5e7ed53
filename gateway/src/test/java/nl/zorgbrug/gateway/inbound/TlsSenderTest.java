package nl.zorgbrug.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.RouteDefinition;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The subject of the sender's TLS client certificate travels with what the node received, so the measurement can
 * find the sending institution by its certificate when its AE title is not in the address book (issue 18).
 */
class TlsSenderTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path tmp;

    @Test
    void theCertificateSubjectOfTheAssociationIsInTheObjectReceivedEvent() throws Exception {
        InMemoryJobRepository jobs = new InMemoryJobRepository();
        EventHub events = EventHub.inMemory(Transactions.none());
        List<GatewayEvent.ObjectReceived> heard = new ArrayList<>();
        events.subscribe(e -> {
            if (e instanceof GatewayEvent.ObjectReceived r) {
                heard.add(r);
            }
        });
        RouteTable routes = RouteTable.of(List.of(new RouteDefinition("import", "ZB_IMPORT", Direction.IMPORT, "pacs",
                false, List.of())), d -> List.of());
        GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(new Spool(tmp.resolve("spool")),
                routes.routes(), new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC()), jobs,
                new InMemoryQuarantine(), Duration.ZERO, Clock.systemUTC(), events)));

        String subject = "CN=zorgbrug-scu.umcx.example,O=UMC X,C=NL";
        Status overTls = handler.store(new StoreRequest("CT_ROOM3", "ZB_IMPORT", CT, "2.25.91.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, null, 0, subject), object("2.25.91", "2.25.91.1"));
        Status plain = handler.store(new StoreRequest("CT_ROOM3", "ZB_IMPORT", CT, "2.25.91.2",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, null, 0), object("2.25.91", "2.25.91.2"));

        assertThat(overTls.isSuccess() && plain.isSuccess()).isTrue();
        assertThat(heard).extracting(GatewayEvent.ObjectReceived::tlsPeerSubject).containsExactly(subject, null);
    }

    private static ByteArrayInputStream object(String study, String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Jansen^Olga");
        ds.setString(Tag.PatientID, VR.LO, "PAT-31");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return new ByteArrayInputStream(out.toByteArray());
    }
}
