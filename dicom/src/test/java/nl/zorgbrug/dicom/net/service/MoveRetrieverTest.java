package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.DcmqrscpPeer;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;

/**
 * C-MOVE of one instance from dcmtk's dcmqrscp, a DIMSE-only PACS configured as a hospital configures one: the move
 * destination it lists gets the instance whole; one it does not list is refused with A801 and the error names what to
 * register; a destination it lists at a port nobody listens on is a delivery failure naming that port; an instance it
 * does not have is null. The receiver listens only during a retrieval.
 */
class MoveRetrieverTest {
    static final String STUDY = "1.2.826.0.1.3680043.10.1417.7.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    static Path dir;
    static DcmqrscpPeer pacs;
    static int destinationPort;
    static int deadPort;
    final Connector connector = new Connector(AssociationOptions.DEFAULT);

    @BeforeAll
    static void start() throws Exception {
        destinationPort = Peers.freePort();
        deadPort = Peers.freePort();
        pacs = DcmqrscpPeer.start(dir.resolve("pacs"), Map.of("ZB_MOVE", destinationPort, "ZB_DEAD", deadPort));
        pacs.store(List.of(file(STUDY + ".1.1", "A-77"), file(STUDY + ".1.2", "A-77")));
    }

    @AfterAll
    static void stop() {
        if (pacs != null) {
            pacs.close();
        }
    }

    static Path file(String sop, String patientId) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jan");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".1");
        ds.setBytes(Tag.PixelData, VR.OW, pixels(sop));
        Path f = dir.resolve(sop + ".dcm");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, sop, ts, "MODALITY"), ds, ts, true), f);
        return f;
    }

    static byte[] pixels(String sop) {
        byte[] b = new byte[16 * 16 * 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + sop.hashCode());
        }
        return b;
    }

    MoveRetriever retriever(String aeTitle, int port) {
        return new MoveRetriever(new MoveRetriever.Destination(aeTitle, InetAddress.getLoopbackAddress(), port,
                "127.0.0.1"), dir.resolve("moved"), AssociationOptions.DEFAULT, Duration.ofSeconds(5));
    }

    RemoteAe peer() {
        return new RemoteAe(DcmqrscpPeer.AET, "127.0.0.1", pacs.port(), "ZORGBRUG_B");
    }

    @Test
    void theInstanceComesWholeToTheMoveDestinationThePacsLists() throws Exception {
        Path moved = retriever("ZB_MOVE", destinationPort).retrieve(connector, peer(), STUDY, STUDY + ".1",
                STUDY + ".1.2");
        assertThat(moved).isNotNull();
        DicomFile f = Part10Reader.read(moved);
        assertThat(f.dataSet().getString(Tag.SOPInstanceUID)).isEqualTo(STUDY + ".1.2");
        assertThat(f.dataSet().getString(Tag.PatientID)).isEqualTo("A-77");
        assertThat(f.dataSet().getBytes(Tag.PixelData)).isEqualTo(pixels(STUDY + ".1.2"));
        Files.delete(moved);
        // Short-lived: the receiver's port is free again once the retrieval ended.
        try (ServerSocket s = new ServerSocket(destinationPort, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(destinationPort);
        }
    }

    @Test
    void aPacsThatDoesNotKnowTheAeTitleRefusesAndTheErrorNamesWhatToRegister() {
        int port = destinationPort;
        assertThatThrownBy(() -> retriever("ZB_UNKNOWN", port).retrieve(connector, peer(), STUDY, STUDY + ".1",
                STUDY + ".1.1"))
                .isInstanceOf(MoveRetriever.DestinationUnknownException.class)
                .hasMessageContaining("register AE title ZB_UNKNOWN with host 127.0.0.1 and port " + port)
                .hasMessageContaining(DcmqrscpPeer.AET);
    }

    @Test
    void aPacsThatCannotReachTheDestinationIsADeliveryFailureNamingThePort() throws Exception {
        // The PACS lists ZB_DEAD at deadPort; the receiver listens elsewhere, so nothing answers there.
        int elsewhere = Peers.freePort();
        assertThatThrownBy(() -> retriever("ZB_DEAD", elsewhere).retrieve(connector, peer(), STUDY, STUDY + ".1",
                STUDY + ".1.1"))
                .isNotInstanceOf(MoveRetriever.DestinationUnknownException.class)
                .hasMessageContaining("could not deliver instance " + STUDY + ".1.1")
                .hasMessageContaining("port " + elsewhere);
    }

    @Test
    void anInstanceThePacsDoesNotHaveIsNull() throws Exception {
        assertThat(retriever("ZB_MOVE", destinationPort).retrieve(connector, peer(), STUDY, STUDY + ".1",
                STUDY + ".1.9")).isNull();
    }
}
