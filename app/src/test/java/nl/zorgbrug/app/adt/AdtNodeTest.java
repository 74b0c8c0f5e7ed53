package nl.zorgbrug.app.adt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.ReasonCode;
import nl.zorgbrug.bsn.swap.SwapDecision;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQueries;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.merge.FollowingMerges;
import nl.zorgbrug.gateway.merge.MergedPatients;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineState;
import nl.zorgbrug.hl7.mllp.MllpServer;

/**
 * The EPD feed in the node (issue 16), as {@code bin/zorgbrug serve} runs it with {@code zorgbrug.adt.*} set: HAPI's
 * MLLP client sends registrations; the MPI in the database follows, the export decision follows the BSN status as the
 * law defines it (verified only: held; validated: sent), a job held for an unvalidated BSN is released by itself, and
 * a message that fails half-way leaves the database as it was.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdtNodeTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.gateway.local-issuer", () -> ISSUER);
        r.add("zorgbrug.adt.port", () -> "0");
        r.add("zorgbrug.adt.bind", () -> "127.0.0.1");
        r.add("zorgbrug.adt.allowed-hosts[0]", () -> "127.0.0.1");
        r.add("zorgbrug.adt.local-authority", () -> "ZHVB");
        r.add("zorgbrug.adt.recheck-interval", () -> "100ms");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:adtnode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Autowired
    MllpServer listener;

    @Autowired
    MpiStore mpi;

    @Autowired
    SwapPolicy policy;

    @Autowired
    JobManager manager;

    @Autowired
    JobRepository jobs;

    @Autowired
    JobQueries history;

    @Autowired
    MergedPatients merged;

    @Autowired
    QuarantineRepository quarantine;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theFeedFillsTheMpiAndTheExportDecisionFollowsTheLawsStatus() throws Exception {
        List<String> bsns = TestBsns.first(3);
        Job held = manager.hold(manager.accept("2.25.1601", "other-hospital", Direction.EXPORT, "ACC1601",
                new JobInstance(0, "2.25.1601.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false)),
                ReasonCode.BSN_NOT_VALIDATED.name() + ": " + ReasonCode.BSN_NOT_VALIDATED.messageEn());

        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            Connection c = hapi.newClient("127.0.0.1", listener.port(), false);
            assertThat(send(hapi, c, adt("A04", "2.4", "PAT-1", bsns.get(0), "verified"))).isEqualTo("AA");
            assertThat(send(hapi, c, adt("A28", "2.5.1", "PAT-2", bsns.get(1), "verified+validated"))).isEqualTo("AA");
            assertThat(mpi.byLocalId("PAT-1", ISSUER).orElseThrow().bsnStatus()).isEqualTo(BsnStatus.VERIFIED);

            ExportSwap export = new ExportSwap(policy);
            assertThat(export.decide(local("PAT-1"), mpi, Instant.now())).isInstanceOf(SwapDecision.Refuse.class)
                    .extracting(d -> ((SwapDecision.Refuse) d).reason()).isEqualTo(ReasonCode.BSN_NOT_VALIDATED);
            assertThat(export.decide(local("PAT-2"), mpi, Instant.now())).isInstanceOf(SwapDecision.Apply.class);

            // The desk validates PAT-1; the EPD says so; the held job is released for a new attempt by itself.
            assertThat(send(hapi, c, adt("A08", "2.3", "PAT-1", bsns.get(0), "verified+validated"))).isEqualTo("AA");
            assertThat(export.decide(local("PAT-1"), mpi, Instant.now())).isInstanceOf(SwapDecision.Apply.class);
            long until = System.nanoTime() + 10_000_000_000L;
            while (manager.get(held.id()).state() == JobState.HELD && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(manager.get(held.id()).state()).isNotEqualTo(JobState.HELD);

            // An A40 whose second pair cannot be applied leaves the database as it was (one message, one transaction).
            String twoPairs = adt("A40", "2.5.1", "PAT-3", bsns.get(0), null) + "MRG|PAT-1^^^ZHVB^PI\r"
                    + "PID|2||PAT-2^^^ZHVB^PI\rMRG|PAT-2^^^ZHVB^PI\r";
            assertThat(send(hapi, c, twoPairs)).isEqualTo("AE");
            assertThat(mpi.byLocalId("PAT-1", ISSUER)).isPresent();
            assertThat(mpi.byLocalId("PAT-3", ISSUER)).isEmpty();
            c.close();
        }
    }

    /**
     * Issue 16: an export spooled under a number the EPD then merges away is held (PATIENT_NOT_IN_MPI) until the A40;
     * then it is re-pointed, released, and decided with the survivor's identity; a quarantine link to the prior
     * number follows; a job delivered under it is listed for a person; each job's history says so.
     */
    @Test
    void aMergeRepointsHeldJobsQuarantineLinksAndListsWhatWasDelivered() throws Exception {
        List<String> bsns = TestBsns.first(6);
        Job held = manager.hold(manager.accept("2.25.1611", "other-hospital", Direction.EXPORT, "ACC1611",
                new JobInstance(0, "2.25.1611.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false)),
                ReasonCode.PATIENT_NOT_IN_MPI.name() + ": " + ReasonCode.PATIENT_NOT_IN_MPI.messageEn());
        jobs.recordPatient(held.id(), "Jansen^Olga", "PAT-OLD");
        Job delivered = manager.accept("2.25.1612", "other-hospital", Direction.EXPORT, "ACC1612",
                new JobInstance(0, "2.25.1612.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobs.recordPatient(delivered.id(), "Jansen^Olga", "PAT-OLD");
        jdbc.update("update job set state = 'DONE' where id = ?", delivered.id());
        QuarantineItem linked = quarantine.add(new QuarantineItem(0, "import", "2.25.1613", "2.25.1613.1",
                "1.2.840.10008.5.1.4.1.1.2", "OTHER", "ISSUER_NOT_BSN", "nl", "en", "Jansen^Olga", "***OLD",
                QuarantineState.OPEN, Instant.now(), null, null, null));
        quarantine.link(linked.id(), "PAT-OLD", "operator", Instant.now());

        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            Connection c = hapi.newClient("127.0.0.1", listener.port(), false);
            assertThat(send(hapi, c, adt("A40", "2.5.1", "PAT-NEW", bsns.get(5), "verified+validated")
                    + "MRG|PAT-OLD^^^ZHVB^PI\r")).isEqualTo("AA");
            c.close();
        }

        assertThat(merged.jobsOf("PAT-NEW")).extracting(MergedPatients.JobOfPatient::jobId).contains(held.id());
        assertThat(merged.jobsOf("PAT-OLD")).extracting(MergedPatients.JobOfPatient::jobId)
                .containsExactly(delivered.id());
        assertThat(quarantine.linkedLocalId("import", "2.25.1613.1")).contains("PAT-NEW");
        assertThat(merged.deliveredUnderPrior(100)).extracting(MergedPatients.DeliveredUnderPrior::jobId,
                MergedPatients.DeliveredUnderPrior::priorLocalId, MergedPatients.DeliveredUnderPrior::survivorLocalId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(delivered.id(), "PAT-OLD", "PAT-NEW"));
        assertThat(history.events(held.id())).anyMatch(e -> e.contains("A40: the EPD merged patient"));
        assertThat(history.events(delivered.id())).anyMatch(e -> e.contains("the receiver must merge it too"));

        // The held job is released by the re-check, and the routes find the prior number as the survivor.
        long until = System.nanoTime() + 10_000_000_000L;
        while (manager.get(held.id()).state() == JobState.HELD && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(manager.get(held.id()).state()).isNotEqualTo(JobState.HELD);
        SwapDecision decision = new ExportSwap(policy).decide(local("PAT-OLD"), new FollowingMerges(mpi, merged),
                Instant.now());
        assertThat(decision).isInstanceOf(SwapDecision.Apply.class);
    }

    private static String send(HapiContext hapi, Connection c, String text) throws Exception {
        Message response = c.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text));
        return new Terser(response).get("/MSA-1");
    }

    private static String adt(String event, String version, String localId, String bsn, String status) {
        return "MSH|^~\\&|HIX|ZHVB|ZORGBRUG|ZHVB|20261206100000||ADT^" + event + "|" + event + localId + System.nanoTime()
                + "|P|" + version + "\rEVN|" + event + "|20261206100000\r"
                + "PID|1||" + localId + "^^^ZHVB^PI~" + bsn + "^^^NLMINBIZA^NNNLD||Jansen^Olga^^^^^L||19650302|F"
                + (status == null ? "" : "|".repeat(32 - 8) + status) + "\r";
    }

    private DataSet local(String localId) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.PatientID, VR.LO, localId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, ISSUER);
        ds.setString(Tag.PatientName, VR.PN, "Jansen^Olga");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19650302");
        return ds;
    }
}
