package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * Orthanc 1.10 started by the test on loopback: we store into it, query it (C-FIND patient and study
 * root), retrieve from it (C-MOVE to our SCP, C-GET on our association), and it stores into our SCP
 * through its REST API (/modalities/{id}/store).
 */
class OrthancInteropTest {
    static final String SCP = "ZB_SCP";

    @TempDir
    Path tmp;

    Acceptor acceptor;
    OrthancPeer orthanc;
    Path received;
    final Connector connector = new Connector(AssociationOptions.DEFAULT);

    final BlockingQueue<StorageCommitment.Result> commitments = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        received = tmp.resolve("received");
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(received))
                .withCommitmentHandler((result, from) -> commitments.add(result));
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        orthanc = OrthancPeer.start(tmp.resolve("orthanc"), SCP, acceptor.port());
    }

    @AfterEach
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
        acceptor.close();
    }

    Association associate(List<nl.zorgbrug.dicom.net.pdu.PresentationContextRq> pcs,
                          List<nl.zorgbrug.dicom.net.pdu.RoleSelection> roles) throws Exception {
        return connector.connect("127.0.0.1", orthanc.dicomPort(),
                connector.request("ZB_SCU", OrthancPeer.AET, pcs, roles, null));
    }

    @Test
    void storageCommitmentReportsWhatOrthancHolds() throws Exception {
        List<Path> files = List.of(TestCorpus.write(tmp.resolve("corpus"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 16, 16),
                TestCorpus.write(tmp.resolve("corpus"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 16, 16));
        List<StorageCommitment.Reference> refs = new ArrayList<>();
        for (Path f : files) {
            refs.add(new StorageCommitment.Reference(TestCorpus.CT_IMAGE_STORAGE, StoreScu.inspect(f).sopInstanceUid()));
        }
        StorageCommitment.Reference missing = new StorageCommitment.Reference(TestCorpus.CT_IMAGE_STORAGE,
                TestCorpus.newUid());
        assertThat(StoreScu.send(connector, SCP, OrthancPeer.AET, "127.0.0.1", orthanc.dicomPort(), files,
                (o, d, t) -> { })).allSatisfy(o -> assertThat(o.ok()).isTrue());
        List<StorageCommitment.Reference> asked = new ArrayList<>(refs);
        asked.add(missing);
        String transaction = TestCorpus.newUid();
        // We call as our own listener's AE title: Orthanc sends the report to that modality.
        try (Association as = connector.connect("127.0.0.1", orthanc.dicomPort(), connector.request(SCP,
                OrthancPeer.AET, List.of(StorageCommitment.context(1)), List.of(), null))) {
            assertThat(StorageCommitment.request(new Dimse(as), transaction, asked)).isEqualTo(Status.SUCCESS);
            as.release();
        }
        StorageCommitment.Result result = commitments.poll(60, TimeUnit.SECONDS);
        assertThat(result).as("N-EVENT-REPORT from Orthanc\n" + orthanc.output()).isNotNull();
        assertThat(result.transactionUid()).isEqualTo(transaction);
        assertThat(result.committed()).containsExactlyInAnyOrderElementsOf(refs);
        assertThat(result.failed()).extracting(StorageCommitment.Failure::reference).containsExactly(missing);
        assertThat(result.allCommitted()).isFalse();
    }

    @Test
    void storeFindMoveGetAndRestStoreAgainstOrthanc() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(TestCorpus.write(tmp.resolve("corpus"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 32, 32));
        }
        List<String> studies = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (Path f : files) {
            DataSet ds = Part10Reader.read(f).dataSet();
            studies.add(ds.getString(Tag.StudyInstanceUID));
            instances.add(ds.getString(Tag.SOPInstanceUID));
        }

        // C-STORE into Orthanc
        List<StoreScu.Outcome> stored = StoreScu.send(connector, "ZB_SCU", OrthancPeer.AET, "127.0.0.1",
                orthanc.dicomPort(), files, (o, d, t) -> { });
        assertThat(stored).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(Status.SUCCESS));

        // C-FIND, study root and patient root
        try (Association as = associate(List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_FIND),
                QueryRetrieve.context(3, QueryRetrieve.PATIENT_ROOT_FIND)), List.of())) {
            Dimse dimse = new Dimse(as);
            DataSet keys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                    .setString(Tag.PatientID, VR.LO, "TEST-0001").setBytes(Tag.StudyInstanceUID, VR.UI, new byte[0])
                    .setBytes(Tag.StudyDate, VR.DA, new byte[0]);
            List<String> found = new ArrayList<>();
            assertThat(FindScu.find(dimse, QueryRetrieve.STUDY_ROOT_FIND, keys,
                    m -> found.add(m.getString(Tag.StudyInstanceUID)))).isEqualTo(Status.SUCCESS);
            assertThat(found).containsExactlyInAnyOrderElementsOf(studies);

            DataSet patientKeys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "PATIENT")
                    .setString(Tag.PatientID, VR.LO, "TEST*").setBytes(Tag.PatientName, VR.PN, new byte[0]);
            List<String> patients = new ArrayList<>();
            assertThat(FindScu.find(dimse, QueryRetrieve.PATIENT_ROOT_FIND, patientKeys,
                    m -> patients.add(m.getString(Tag.PatientID)))).isEqualTo(Status.SUCCESS);
            assertThat(patients).containsExactly("TEST-0001");
            as.release();
        }

        // C-MOVE of the first study to our SCP
        try (Association as = associate(List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_MOVE)), List.of())) {
            RetrieveScu.Result r = RetrieveScu.move(new Dimse(as), QueryRetrieve.STUDY_ROOT_MOVE,
                    new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                            .setString(Tag.StudyInstanceUID, VR.UI, studies.get(0)), SCP);
            assertThat(r.status()).isEqualTo(Status.SUCCESS);
            assertThat(r.completed()).isEqualTo(1);
            assertThat(r.failed()).isZero();
            as.release();
        }
        Path moved = received.resolve(instances.get(0) + ".dcm");
        assertThat(Part10Reader.read(moved).dataSet().contentEquals(Part10Reader.read(files.get(0)).dataSet())).isTrue();

        // C-GET of the second study on our own association
        Path got = tmp.resolve("got");
        try (Association as = associate(RetrieveScu.getContexts(QueryRetrieve.STUDY_ROOT_GET,
                List.of(TestCorpus.CT_IMAGE_STORAGE)), RetrieveScu.getRoles(List.of(TestCorpus.CT_IMAGE_STORAGE)))) {
            RetrieveScu.Result r = RetrieveScu.get(new Dimse(as), QueryRetrieve.STUDY_ROOT_GET,
                    new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                            .setString(Tag.StudyInstanceUID, VR.UI, studies.get(1)), new FileStoreHandler(got));
            assertThat(r.status()).as(orthanc.output()).isEqualTo(Status.SUCCESS);
            assertThat(r.completed()).isEqualTo(1);
            as.release();
        }
        assertThat(Part10Reader.read(got.resolve(instances.get(1) + ".dcm")).dataSet()
                .contentEquals(Part10Reader.read(files.get(1)).dataSet())).isTrue();

        // Orthanc's REST API stores the third instance into our SCP
        JsonNode ids = new ObjectMapper().readTree(orthanc.get("/instances").body());
        StringBuilder body = new StringBuilder("[");
        for (JsonNode id : ids) {
            body.append(body.length() > 1 ? "," : "").append('"').append(id.asText()).append('"');
        }
        HttpResponse<String> rsp = orthanc.post("/modalities/zb/store", body.append(']').toString());
        assertThat(rsp.statusCode()).as(rsp.body() + "\n" + orthanc.output()).isEqualTo(200);
        for (String iuid : instances) {
            assertThat(Files.exists(received.resolve(iuid + ".dcm"))).as(iuid).isTrue();
        }
    }
}
