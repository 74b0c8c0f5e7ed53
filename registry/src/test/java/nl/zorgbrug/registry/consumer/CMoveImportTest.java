package nl.zorgbrug.registry.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.DcmqrscpPeer;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.MoveRetriever;
import nl.zorgbrug.dicom.net.service.RemoteAe;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.gateway.manifest.StudyManifest;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * The import by C-MOVE from a DIMSE-only PACS (dcmtk's dcmqrscp, its move destinations in its configuration file as a
 * hospital keeps them): each instance the KOS lists arrives whole at the import's move destination and goes the way
 * WADO-RS's and RAD-69's go (the source's id to the BSN, another patient to quarantine). A PACS that does not know the
 * node's move destination refuses: the attempt is a retry whose reason names the AE title, host and port to
 * register, nothing is handed on; once the PACS lists it, the next attempt imports every instance once.
 */
class CMoveImportTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String ISSUER_A = "2.16.528.1.1007.99.1";
    static final String MOVE_AE = "ZB_IMPORT_B";

    @TempDir
    Path dir;
    final Random random = new Random(20);
    final Bsn bsn = TestSubmissions.bsn(random);
    final String study = TestSubmissions.uid(random);
    final IndexedDocument manifest = new IndexedDocument(study + ".99", TestSubmissions.REPOSITORY, null,
            "application/dicom", "Manifest", "A-77", ISSUER_A);
    final RepositoryAddress address = new RepositoryAddress(TestSubmissions.REPOSITORY, null, "hospital-a",
            "http://127.0.0.1:1/iti43", null, null, null, null, RepositoryAddress.Retrieval.C_MOVE);
    final List<DataSet> admitted = new ArrayList<>();
    final List<StudyImport.QuarantineReason> reasons = new ArrayList<>();
    final Map<String, StudyImport.Admission> kept = new LinkedHashMap<>();

    DataSet ct(String series, String instance, String patientId) {
        DataSet ds = TestSubmissions.ownPacsHead(study, series, instance, CT, "CT", patientId, ISSUER_A);
        ds.setBytes(Tag.PixelData, VR.OW, pixels(study + instance));
        return ds;
    }

    static byte[] pixels(String sop) {
        byte[] b = new byte[32 * 32 * 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + sop.hashCode());
        }
        return b;
    }

    List<Path> files(List<DataSet> instances) throws Exception {
        List<Path> files = new ArrayList<>();
        for (DataSet ds : instances) {
            Path f = dir.resolve(ds.getString(Tag.SOPInstanceUID) + ".dcm");
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, ds.getString(Tag.SOPInstanceUID), ts,
                    "MODALITY"), ds, ts, true), f);
            files.add(f);
        }
        return files;
    }

    byte[] kos(List<DataSet> instances) throws Exception {
        List<StudyManifest.Reference> refs = instances.stream().map(ds -> new StudyManifest.Reference(
                ds.getString(Tag.SeriesInstanceUID), CT, ds.getString(Tag.SOPInstanceUID))).toList();
        DicomFile kos = ManifestBuilder.buildXdsi(instances.get(0), new StudyManifest(study + ".99", study, null, null,
                refs), study + ".99.1", LocalDateTime.of(2026, 11, 25, 10, 0), "ZORGBRUG_A", TestSubmissions.REPOSITORY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(kos, out);
        return out.toByteArray();
    }

    StudyImport importer(byte[] kos, DcmqrscpPeer[] pacs, MoveRetriever retriever) {
        Connector connector = new Connector(AssociationOptions.DEFAULT);
        CMoveSource source = new CMoveSource(uid -> uid.equals(TestSubmissions.REPOSITORY) ? address : null, key -> {
            assertThat(key).isEqualTo("hospital-a");
            return new MoveRetriever.Target(new RemoteAe(DcmqrscpPeer.AET, "127.0.0.1", pacs[0].port(),
                    "ZORGBRUG_B"), connector);
        }, retriever);
        return new StudyImport((repository, home, uid) -> kos, source, (file, quarantine) -> {
            admitted.add(file.dataSet());
            reasons.add(quarantine);
            return quarantine != null ? StudyImport.Admission.QUARANTINED : StudyImport.Admission.IMPORTED;
        });
    }

    StudyImport.Progress progress() {
        return new StudyImport.Progress() {
            @Override
            public Map<String, StudyImport.Admission> handed() {
                return Map.copyOf(kept);
            }

            @Override
            public void handed(String sopInstanceUid, StudyImport.Admission admission) {
                kept.put(sopInstanceUid, admission);
            }

            @Override
            public Set<String> handing() {
                return Set.of();
            }

            @Override
            public void handing(String sopInstanceUid) {
            }

            @Override
            public Optional<StudyImport.Admission> takenByRoute(String sopInstanceUid) {
                return Optional.empty();
            }
        };
    }

    MoveRetriever retriever(int port) {
        return new MoveRetriever(new MoveRetriever.Destination(MOVE_AE, InetAddress.getLoopbackAddress(), port,
                "127.0.0.1"), dir.resolve("moved"), AssociationOptions.DEFAULT, Duration.ofSeconds(5));
    }

    @Test
    void everyInstanceComesByCMoveIntoTheImportRouteAndAnotherPatientsGoesToQuarantine() throws Exception {
        List<DataSet> instances = List.of(ct(".1", ".1.1", "A-77"), ct(".1", ".1.2", "A-77"),
                ct(".2", ".2.1", "A-78"));
        int port = Peers.freePort();
        try (DcmqrscpPeer pacs = DcmqrscpPeer.start(dir.resolve("pacs"), Map.of(MOVE_AE, port))) {
            pacs.store(files(instances));
            StudyImport.Result r = importer(kos(instances), new DcmqrscpPeer[] {pacs}, retriever(port))
                    .attempt(new StudyImport.Request(bsn, study, manifest), progress());

            assertThat(r.outcome()).as(r.reason()).isEqualTo(StudyImport.Outcome.DONE);
            assertThat(r.instances()).isEqualTo(3);
            assertThat(r.imported()).isEqualTo(2);
            assertThat(r.quarantined()).isEqualTo(1);
            assertThat(r.reason()).startsWith("PATIENT_DIFFERS: 1 instance(s)").contains(study + ".2.1");
        }
        assertThat(admitted).extracting(ds -> ds.getString(Tag.SOPInstanceUID))
                .containsExactly(study + ".1.1", study + ".1.2", study + ".2.1");
        assertThat(admitted.subList(0, 2)).allSatisfy(ds -> {
            assertThat(ds.getString(Tag.PatientID)).isEqualTo(bsn.value());
            assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
            assertThat(ds.getBytes(Tag.PixelData)).as("whole, as the PACS keeps it")
                    .isEqualTo(pixels(ds.getString(Tag.SOPInstanceUID)));
        });
        assertThat(reasons.get(2).code()).isEqualTo("PATIENT_DIFFERS");
        assertThat(reasons.get(2).messageEn()).contains("the instance names patient id " + Bsn.mask("A-78"));
        assertThat(dir.resolve("moved")).isEmptyDirectory();
    }

    @Test
    void aPacsThatDoesNotKnowTheMoveDestinationIsRetriedNamingItAndNothingIsLostOnceItIsRegistered() throws Exception {
        List<DataSet> instances = List.of(ct(".1", ".1.1", "A-77"), ct(".1", ".1.2", "A-77"));
        byte[] kos = kos(instances);
        int port = Peers.freePort();
        Path pacsDir = dir.resolve("pacs");
        DcmqrscpPeer[] pacs = {DcmqrscpPeer.start(pacsDir, Map.of())};
        try {
            pacs[0].store(files(instances));
            StudyImport.Result refused = importer(kos, pacs, retriever(port))
                    .attempt(new StudyImport.Request(bsn, study, manifest), progress());

            assertThat(refused.outcome()).isEqualTo(StudyImport.Outcome.RETRY);
            assertThat(refused.reason()).contains("does not know the move destination",
                    "register AE title " + MOVE_AE + " with host 127.0.0.1 and port " + port, DcmqrscpPeer.AET);
            assertThat(admitted).as("nothing handed on").isEmpty();
            assertThat(kept).isEmpty();

            // The hospital registers the node's move destination in its PACS (dcmqrscp reads its file at start).
            pacs[0].close();
            pacs[0] = DcmqrscpPeer.start(pacsDir, Map.of(MOVE_AE, port));
            StudyImport.Result r = importer(kos, pacs, retriever(port))
                    .attempt(new StudyImport.Request(bsn, study, manifest), progress());
            assertThat(r.outcome()).as(r.reason()).isEqualTo(StudyImport.Outcome.DONE);
            assertThat(r.imported()).isEqualTo(2);
            assertThat(admitted).extracting(ds -> ds.getString(Tag.SOPInstanceUID)).as("every instance once")
                    .containsExactly(study + ".1.1", study + ".1.2");
        } finally {
            pacs[0].close();
        }
    }
}
