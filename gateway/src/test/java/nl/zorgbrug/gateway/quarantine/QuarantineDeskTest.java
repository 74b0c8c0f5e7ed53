package nl.zorgbrug.gateway.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.gateway.route.RouteDefinition;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.route.Swap;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The quarantine desk with two import routes, each to its own PACS: a quarantined object is linked, rejected
 * and downloaded from the spool of the route that received it, its link goes to that route's destination, and
 * the original stays as it arrived while delivery writes the link.
 */
class QuarantineDeskTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path tmp;

    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC());
    final InMemoryQuarantine quarantine = new InMemoryQuarantine();
    final MpiPatient patient = new MpiPatient("PAT-31", LOCAL_ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED,
            "Jansen", "Olga", "19650302", "F");
    final SwapPolicy policy = SwapPolicy.of(LOCAL_ISSUER);
    final RouteTable routes = RouteTable.of(List.of(
            new RouteDefinition("import-a", "ZB_IMPORT_A", Direction.IMPORT, "pacs-a", false, List.of()),
            new RouteDefinition("import-b", "ZB_IMPORT_B", Direction.IMPORT, "pacs-b", false, List.of())),
            d -> List.of(Swap.importing(policy, CsvMasterPatientIndex.inMemory(List.of(patient)),
                    sop -> quarantine.linkedLocalId(d.name(), sop))));

    /** An object whose Patient ID has another hospital's issuer: the import swap quarantines it. */
    private static byte[] foreignObject(String study, String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-" + study.substring(study.lastIndexOf('.') + 1));
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.StudyDate, VR.DA, "20261201");
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax");
        ds.setString(Tag.PatientName, VR.PN, "Jansen^Olga");
        ds.setString(Tag.PatientID, VR.LO, "EXT-" + sop);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    private QuarantineItem receiveOn(Spool spool, String calledAeTitle, String study, String sop) throws Exception {
        GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(spool, routes.routes(), manager,
                jobs, quarantine, Duration.ZERO, Clock.systemUTC(), GatewayEvents.none())));
        Status status = handler.store(new StoreRequest("OTHER", calledAeTitle, CT, sop,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, null, 0), new ByteArrayInputStream(foreignObject(study, sop)));
        assertThat(status.isSuccess()).as(status.toString()).isTrue();
        return quarantine.open().stream().filter(i -> i.sopInstanceUid().equals(sop)).findFirst().orElseThrow();
    }

    private QuarantineDesk desk(Spool spool) {
        return new QuarantineDesk(quarantine, spool, routes, manager, jobs, new ManualLink(policy), Clock.systemUTC(),
                () -> { });
    }

    @Test
    void aLinkOnTheSecondImportRouteReadsItsSpoolGoesToItsDestinationAndLeavesTheOriginalAsItArrived()
            throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        QuarantineItem item = receiveOn(spool, "ZB_IMPORT_B", "2.25.4100", "2.25.4100.1");
        assertThat(item.route()).isEqualTo("import-b");
        assertThat(item.state()).isEqualTo(QuarantineState.OPEN);
        QuarantineDesk desk = desk(spool);
        Path original = desk.original(item.id());
        assertThat(original).startsWith(spool.forRoute("import-b").root());
        byte[] asArrived = Files.readAllBytes(original);

        Job job = desk.link("2.25.4100", patient, "olga");

        assertThat(job.destination()).isEqualTo("pacs-b");
        assertThat(job.direction()).isEqualTo(Direction.IMPORT);
        assertThat(job.accessionNumber()).isEqualTo("ACC-4100");
        assertThat(Files.readAllBytes(desk.original(item.id()))).isEqualTo(asArrived);
        QuarantineItem linked = quarantine.find(item.id()).orElseThrow();
        assertThat(linked.state()).isEqualTo(QuarantineState.LINKED);
        assertThat(linked.decidedBy()).isEqualTo("olga");
        assertThat(linked.linkedLocalId()).isEqualTo("PAT-31");

        // On delivery the job's route decides again on the original and writes the link.
        Route route = routes.routeFor(job);
        assertThat(route.name()).isEqualTo("import-b");
        DataSet head = Part10Reader.read(original, StreamingEditor.HEAD_END).dataSet();
        RouteDecision decision = route.decide(head, null, Instant.now());
        assertThat(decision).isInstanceOf(RouteDecision.Forward.class);
        StreamingEditor.apply(head, ((RouteDecision.Forward) decision).edits());
        assertThat(head.getString(Tag.PatientID)).isEqualTo("PAT-31");
        assertThat(head.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        assertThat(head.getSequence(Tag.OtherPatientIDsSequence)).extracting(i -> i.getString(Tag.PatientID))
                .containsExactly("EXT-2.25.4100.1", "999911120", "PAT-31");
        // The link is the route's: the same object on the other import route is not linked by it.
        assertThat(routes.byName("import-a").orElseThrow().decide(head.copy(), null, Instant.now()))
                .isNotInstanceOf(RouteDecision.Quarantine.class);
        assertThat(quarantine.linkedLocalId("import-a", "2.25.4100.1")).isEmpty();
    }

    @Test
    void aRejectionRemovesTheOriginalFromItsOwnRoutesSpool() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        QuarantineItem onA = receiveOn(spool, "ZB_IMPORT_A", "2.25.4200", "2.25.4200.1");
        QuarantineItem onB = receiveOn(spool, "ZB_IMPORT_B", "2.25.4300", "2.25.4300.1");
        QuarantineDesk desk = desk(spool);
        Path originalOnB = desk.original(onB.id());
        assertThat(originalOnB).exists();

        assertThatThrownBy(() -> desk.reject("2.25.4300", "olga", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a reason");
        assertThat(originalOnB).exists();

        assertThat(desk.reject("2.25.4300", "olga", "sent to us by mistake")).isEqualTo(1);

        assertThat(originalOnB).doesNotExist();
        assertThat(desk.original(onA.id())).exists();
        QuarantineItem rejected = quarantine.find(onB.id()).orElseThrow();
        assertThat(rejected.state()).isEqualTo(QuarantineState.REJECTED);
        assertThat(rejected.decidedBy()).isEqualTo("olga");
        assertThat(rejected.decisionReason()).isEqualTo("sent to us by mistake");
        assertThat(quarantine.open()).extracting(QuarantineItem::route).containsExactly("import-a");
    }

    @Test
    void theWorklistShowsOneRowPerStudyWithItsAttributesFromTheSpool() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        receiveOn(spool, "ZB_IMPORT_A", "2.25.4400", "2.25.4400.1");
        receiveOn(spool, "ZB_IMPORT_A", "2.25.4400", "2.25.4400.2");
        receiveOn(spool, "ZB_IMPORT_B", "2.25.4500", "2.25.4500.1");

        List<QuarantineStudy> studies = desk(spool).openStudies();

        assertThat(studies).extracting(QuarantineStudy::studyInstanceUid).containsExactly("2.25.4400", "2.25.4500");
        QuarantineStudy first = studies.get(0);
        assertThat(first.images()).isEqualTo(2);
        assertThat(first.accessionNumber()).isEqualTo("ACC-4400");
        assertThat(first.modality()).isEqualTo("CT");
        assertThat(first.studyDate()).isEqualTo("20261201");
        assertThat(first.studyDescription()).isEqualTo("CT thorax");
        assertThat(first.sender()).isEqualTo("OTHER");
        assertThat(first.patientName()).isEqualTo("Jansen^Olga");
        assertThat(studies.get(1).images()).isEqualTo(1);
    }
}
