package nl.zorgbrug.compliance.pacs;

import static nl.zorgbrug.bsn.classify.Verdict.BSN_ONLY_IN_OTHER_IDS_SEQUENCE;
import static nl.zorgbrug.bsn.classify.Verdict.BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS;
import static nl.zorgbrug.bsn.classify.Verdict.BSN_WITHOUT_ISSUER;
import static nl.zorgbrug.bsn.classify.Verdict.CORRECT;
import static nl.zorgbrug.bsn.classify.Verdict.EXEMPT_NEWBORN;
import static nl.zorgbrug.bsn.classify.Verdict.EXEMPT_RULE;
import static nl.zorgbrug.bsn.classify.Verdict.INVALID_BSN;
import static nl.zorgbrug.bsn.classify.Verdict.NO_BSN;
import static nl.zorgbrug.bsn.classify.Verdict.WRONG_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.compliance.ScanCorpus;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.compliance.scan.Scans;
import nl.zorgbrug.compliance.scan.Throttle;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.Coverage;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ScanSummary;
import nl.zorgbrug.compliance.tally.StudyPeriod;
import nl.zorgbrug.compliance.tally.StudyYear;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.RemoteAe;

/**
 * The PACS scan against Orthanc as installed (C-FIND and C-GET only for the AE titles in its DicomModalities),
 * loaded with the corpus of every verdict: exact counts, the clear refusal for an AE title it does not know, and a
 * PACS that drops the association mid-scan.
 */
class PacsScanTest {
    static final String OUR_AET = "ZBSCAN";
    static Path dir;
    static OrthancPeer orthanc;
    static CsvMasterPatientIndex mpi;

    /**
     * Studies per verdict of the corpus, counted by hand (a PACS scan counts one header per study). One difference
     * from the folder scan, and it is the PACS's: study 14 mixes a correct object with one under the local number,
     * and Orthanc keeps one patient per study (the first object's), so at study level it shows a correct study. A
     * study-level scan sees what the PACS shows; a folder scan of its files sees each object.
     */
    static final Map<Verdict, Long> STUDIES = Map.of(CORRECT, 4L, BSN_ONLY_IN_OTHER_IDS_SEQUENCE, 2L,
            BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS, 1L, BSN_WITHOUT_ISSUER, 1L, WRONG_ISSUER, 1L, INVALID_BSN, 1L,
            NO_BSN, 4L, EXEMPT_NEWBORN, 1L, EXEMPT_RULE, 1L);

    @BeforeAll
    static void loadOrthanc() throws Exception {
        dir = Files.createTempDirectory("compliance-orthanc");
        orthanc = OrthancPeer.start(dir, Map.of("zb", new OrthancPeer.Modality(OUR_AET, 11112)),
                OrthancPeer.Access.AS_INSTALLED);
        for (DataSet ds : ScanCorpus.headers()) {
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DataSet meta = FileMetaInformation.create(VerdictCorpus.CT, ds.getString(Tag.SOPInstanceUID), ts, "TEST");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(new DicomFile(null, meta, ds, ts, true), out);
            assertThat(upload(out.toByteArray())).isEqualTo(200);
        }
        mpi = CsvMasterPatientIndex.load(ScanCorpus.mpi(dir.resolve("mpi.csv")));
    }

    /**
     * One instance over Orthanc's REST API; tried again once when the HTTP connection breaks (Orthanc 1.10 may close
     * a kept-alive connection just as the client reuses it). Storing an instance twice is harmless in Orthanc.
     */
    private static int upload(byte[] part10) throws Exception {
        try {
            return orthanc.postBytes("/instances", part10).statusCode();
        } catch (java.io.IOException broken) {
            Thread.sleep(200);
            return orthanc.postBytes("/instances", part10).statusCode();
        }
    }

    @AfterAll
    static void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static PacsScan scan(int port, String aet, StudyPeriod period, Path journal, Retrieval retrieve) {
        PacsScan.Settings s = new PacsScan.Settings(new RemoteAe(OrthancPeer.AET, "127.0.0.1", port, aet), period, 1,
                Throttle.none(), ScanWindow.ALWAYS, 3, Duration.ofMillis(50), retrieve, journal);
        return new PacsScan(s, new Connector(AssociationOptions.DEFAULT), Scans.classifier(mpi), p -> { },
                Clock.systemDefaultZone());
    }

    @Test
    void countsEveryVerdictOfTheArchiveExactly(@TempDir Path tmp) throws Exception {
        PacsScan.Result r = scan(orthanc.dicomPort(), OUR_AET, StudyPeriod.ALL, tmp.resolve("j"),
                Retrieval.WHEN_KEYS_MISSING).run(new ComplianceTally());
        ScanSummary s = r.tally().summary(Scans.mpiBsn(mpi));

        assertThat(s.studiesByVerdict()).isEqualTo(STUDIES);
        assertThat(s.byYear().get(StudyYear.UNKNOWN)).isEqualTo(new Coverage(2, 0, 0));
        assertThat(s.byYear().get("2024")).isEqualTo(new Coverage(5, 2, 2));
        assertThat(s.remediation()).hasSize(10);
        assertThat(s.remediationByFix()).containsOnly(entry(Fix.EXPORT_SWAP, 3L), entry(Fix.PERSON, 7L));
        assertThat(s.unreadable()).isEmpty();
        System.out.println("Orthanc: " + r.retrievedHeaders() + " of " + r.studies() + " studies needed a C-GET");
    }

    @Test
    void aPacsThatDoesNotKnowOurAeTitleStopsTheScanWithWhatToDo(@TempDir Path tmp) {
        assertThatThrownBy(() -> scan(orthanc.dicomPort(), "STRANGER", StudyPeriod.ALL, tmp.resolve("j"),
                Retrieval.WHEN_KEYS_MISSING).run(new ComplianceTally()))
                .isInstanceOf(PacsRefusedException.class)
                .hasMessageContaining("STRANGER")
                .hasMessageContaining("register AE title STRANGER");
    }

    @Test
    void aPacsThatDropsTheAssociationIsRetriedAndAScanThatGaveUpResumes(@TempDir Path tmp) throws Exception {
        StudyPeriod period = new StudyPeriod(LocalDate.of(2020, 1, 1), LocalDate.of(2024, 12, 31));
        Path journal = tmp.resolve("j");
        // Connections 3 and 4 are cut mid-answer (retried); from the 20th on the PACS is gone until we say so; the
        // resumed scan (one association per month, 60 months) meets a cut on connection 30.
        try (DroppingProxy proxy = new DroppingProxy(orthanc.dicomPort(), n -> n == 3 || n == 4 || n == 30)) {
            Thread watcher = new Thread(() -> {
                try {
                    while (proxy.connections() < 20) {
                        Thread.sleep(2);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                proxy.down = true;
            });
            watcher.setDaemon(true);
            watcher.start();
            assertThatThrownBy(() -> scan(proxy.port(), OUR_AET, period, journal, Retrieval.WHEN_KEYS_MISSING)
                    .run(new ComplianceTally()))
                    .hasMessageContaining("failed 3 times").hasMessageContaining("run the same command again to resume");
            assertThat(Files.exists(journal)).isTrue();

            proxy.down = false;
            PacsScan.Result r = scan(proxy.port(), OUR_AET, period, journal, Retrieval.WHEN_KEYS_MISSING)
                    .run(new ComplianceTally());

            assertThat(r.resumedStudies()).isPositive();
            ScanSummary s = r.tally().summary(Scans.mpiBsn(mpi));
            // The two studies without a usable date are outside any period; the rest as in the whole archive.
            assertThat(r.retries()).isPositive();
            assertThat(s.studiesByVerdict().get(NO_BSN)).isEqualTo(2);
            assertThat(s.studies()).isEqualTo(14);
            assertThat(s.byYear()).doesNotContainKey(StudyYear.UNKNOWN);
        }
    }
}
