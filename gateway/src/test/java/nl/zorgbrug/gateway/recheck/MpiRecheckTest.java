package nl.zorgbrug.gateway.recheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.bsn.swap.ReasonCode;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.quarantine.QuarantineDesk;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.route.RouteDefinition;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.route.Swap;
import nl.zorgbrug.gateway.spool.Spool;

/** After the MPI changed, held jobs that waited for it are released and quarantine entries say what is wrong now. */
class MpiRecheckTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path tmp;

    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC());
    final InMemoryQuarantine quarantine = new InMemoryQuarantine();
    final SwapPolicy policy = SwapPolicy.of(LOCAL_ISSUER);
    /** The MPI as the routes read it; the test changes it as an upload would. */
    final List<MpiPatient> patients = new ArrayList<>();
    final MasterPatientIndex mpi = new MasterPatientIndex() {
        @Override
        public Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
            return CsvMasterPatientIndex.inMemory(patients).byLocalId(localId, localIssuer);
        }

        @Override
        public List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
            return CsvMasterPatientIndex.inMemory(patients).byBsn(bsn, localIssuer);
        }

        @Override
        public MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName,
                                          String birthDate, String sex) {
            throw new UnsupportedOperationException("not in this test");
        }
    };
    final RouteTable routes = RouteTable.of(List.of(
            new RouteDefinition("import", "ZB_IMPORT", Direction.IMPORT, "pacs", false, List.of())),
            d -> List.of(Swap.importing(policy, mpi, sop -> quarantine.linkedLocalId(d.name(), sop))));
    final AtomicInteger wakes = new AtomicInteger();

    private MpiRecheck recheck(Spool spool) {
        QuarantineDesk desk = new QuarantineDesk(quarantine, spool, routes, manager, jobs, new ManualLink(policy),
                Clock.systemUTC(), () -> { });
        return new MpiRecheck(jobs, manager, desk, Clock.systemUTC(), wakes::incrementAndGet);
    }

    private Job held(String study, String reason) {
        Job job = manager.accept(study, "pacs", Direction.IMPORT, "ACC",
                new JobInstance(0, study + ".1", CT, 10, -1, false, false));
        return manager.hold(job, reason);
    }

    @Test
    void heldJobsThatWaitedForTheMpiAreReleasedAsAnAutomaticStepAndOthersStayHeld() throws Exception {
        Job unknown = held("2.25.6100", ReasonCode.PATIENT_NOT_IN_MPI.name() + ": "
                + ReasonCode.PATIENT_NOT_IN_MPI.messageEn());
        Job notValidated = held("2.25.6200", ReasonCode.BSN_NOT_VALIDATED.name() + ": "
                + ReasonCode.BSN_NOT_VALIDATED.messageEn() + " / " + ReasonCode.BSN_NOT_VALIDATED.messageNl());
        Job pacs = held("2.25.6300", "the PACS OWNPACS did not send the study: C-MOVE status 0xA701");

        MpiRecheck.Result result = recheck(new Spool(tmp.resolve("spool"))).afterMpiChange();

        assertThat(result.jobsReleased()).isEqualTo(2);
        assertThat(manager.get(unknown.id()).state()).isEqualTo(JobState.WAITING);
        assertThat(manager.get(notValidated.id()).state()).isEqualTo(JobState.WAITING);
        assertThat(manager.get(pacs.id()).state()).isEqualTo(JobState.HELD);
        assertThat(jobs.events()).anySatisfy(e -> assertThat(e).contains("job " + unknown.id() + " automatic release"))
                .anySatisfy(e -> assertThat(e).contains("job " + unknown.id() + " automatic recheck")
                        .contains("PATIENT_NOT_IN_MPI"))
                .noneSatisfy(e -> assertThat(e).contains("job " + pacs.id() + " automatic"));
        assertThat(wakes).hasValue(1);

        // Nothing waits any more: a second look changes nothing and wakes nobody.
        assertThat(recheck(new Spool(tmp.resolve("spool"))).afterMpiChange()).isEqualTo(new MpiRecheck.Result(0, 0));
        assertThat(wakes).hasValue(1);
    }

    @Test
    void aQuarantinedObjectWhosePatientTheMpiNowKnowsSaysSoAndIsNotImported() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        String bsn = firstTestBsn();
        GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(spool, routes.routes(), manager,
                jobs, quarantine, Duration.ZERO, Clock.systemUTC(), GatewayEvents.none())));
        Status status = handler.store(new StoreRequest("OTHER", "ZB_IMPORT", CT, "2.25.6400.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, null, 0),
                new ByteArrayInputStream(withBsn("2.25.6400", "2.25.6400.1", bsn)));
        assertThat(status.isSuccess()).isTrue();
        QuarantineItem before = quarantine.open().get(0);
        assertThat(before.reasonCode()).isEqualTo(ReasonCode.NO_LOCAL_PATIENT.name());

        assertThat(recheck(spool).afterMpiChange().quarantineRefreshed()).isZero();

        patients.add(new MpiPatient("PAT-64", LOCAL_ISSUER, Bsn.parse(bsn), BsnStatus.VALIDATED, "Jansen", "Olga",
                "19650302", "F"));
        assertThat(recheck(spool).afterMpiChange().quarantineRefreshed()).isEqualTo(1);

        QuarantineItem after = quarantine.find(before.id()).orElseThrow();
        assertThat(after.reasonCode()).isEqualTo(QuarantineDesk.PATIENT_FOUND);
        assertThat(after.messageEn()).contains("now knows this patient");
        assertThat(quarantine.open()).hasSize(1);
        assertThat(jobs.search(new nl.zorgbrug.gateway.job.JobQuery(java.time.Instant.EPOCH,
                java.time.Instant.now(), null, null, null, null, null, 10))).isEmpty();
    }

    @Test
    void anImportsReasonIsNotReplacedWhenTheMpiLaterKnowsTheInstancesPatient() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        String bsn = firstTestBsn();
        Intake intake = new Intake(new Intake.Parts(spool, routes.routes(), manager, jobs, quarantine, Duration.ZERO,
                Clock.systemUTC(), GatewayEvents.none()));
        // The image import found an instance of another patient than the one it asked for (issue 20).
        intake.receive(routes.routes().get(0), new nl.zorgbrug.gateway.inbound.Arrival(CT, "2.25.6500.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "ZB_IMPORT"),
                new ByteArrayInputStream(withBsn("2.25.6500", "2.25.6500.1", bsn)),
                new nl.zorgbrug.gateway.route.RouteDecision.Quarantine("BSN_DIFFERS", "gevraagd een andere BSN",
                        "asked for another BSN", null));
        QuarantineItem before = quarantine.open().get(0);
        assertThat(before.reasonCode()).isEqualTo("BSN_DIFFERS");

        patients.add(new MpiPatient("PAT-65", LOCAL_ISSUER, Bsn.parse(bsn), BsnStatus.VALIDATED, "Jansen", "Olga",
                "19650302", "F"));
        assertThat(recheck(spool).afterMpiChange().quarantineRefreshed()).isZero();

        QuarantineItem after = quarantine.find(before.id()).orElseThrow();
        assertThat(after.reasonCode()).isEqualTo("BSN_DIFFERS");
        assertThat(after.messageEn()).isEqualTo("asked for another BSN");
    }

    private static String firstTestBsn() {
        for (int i = 0; ; i++) {
            String candidate = String.valueOf(999_900_000 + i);
            if (Bsn.isValid(candidate)) {
                return candidate;
            }
        }
    }

    /** An incoming object that carries a BSN as the guideline says, issuer and all. */
    private static byte[] withBsn(String study, String sop, String bsn) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Jansen^Olga");
        ds.setString(Tag.PatientID, VR.LO, bsn);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
        ds.setString(Tag.PatientBirthDate, VR.DA, "19650302");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }
}
