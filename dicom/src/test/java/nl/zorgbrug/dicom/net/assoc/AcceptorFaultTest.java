package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.AAbort;
import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.PDataTf;
import nl.zorgbrug.dicom.net.pdu.Pdu;
import nl.zorgbrug.dicom.net.pdu.PduReader;
import nl.zorgbrug.dicom.net.pdu.PduWriter;
import nl.zorgbrug.dicom.net.pdu.Pdv;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.UserInformation;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.Verification;

/**
 * A misbehaving peer, spoken to over a raw socket, must get the answer PS3.8 prescribes, and the
 * server must serve the next association afterwards (checked with a C-ECHO after every fault).
 */
class AcceptorFaultTest {
    static final String SCP = "ZB_SCP";

    @TempDir
    Path store;

    Acceptor acceptor;

    @BeforeEach
    void start() throws IOException {
        DicomServer server = new DicomServer(Map.of(SCP, Set.of("ALLOWED", "ZB_SCU")), new FileStoreHandler(store));
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT.withArtimTimeout(500).withIdleTimeout(5000),
                100).start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        // The server is still up and answering after every fault.
        assertThat(Verification.echo(new Connector(AssociationOptions.DEFAULT), "ZB_SCU", SCP, "127.0.0.1",
                acceptor.port())).isEqualTo(Status.SUCCESS);
        acceptor.close();
    }

    Socket raw() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), acceptor.port());
        s.setSoTimeout(10_000); // only a guard against a hang; the server answers well within it
        return s;
    }

    static AAssociateRq request(String calling) {
        return new AAssociateRq(1, SCP, calling, AAssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, TestCorpus.CT_IMAGE_STORAGE,
                        List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()))),
                UserInformation.of(16384, "1.2.3", "RAW"));
    }

    static Pdu readPdu(Socket s) throws IOException {
        return new PduReader(s.getInputStream(), 1 << 20, "server").read();
    }

    /** Associates over the raw socket and returns it in Sta6. */
    Socket associated() throws IOException {
        Socket s = raw();
        s.getOutputStream().write(PduWriter.encode(request("ALLOWED")));
        assertThat(readPdu(s)).isInstanceOf(AAssociateAc.class);
        return s;
    }

    @Test
    void silentPeerIsClosedByArtim() throws IOException {
        try (Socket s = raw()) {
            assertThat(s.getInputStream().read()).as("server closed the idle connection").isEqualTo(-1);
        }
    }

    @Test
    void unknownCallingAeIsRejectedWithReason3() {
        Connector c = new Connector(AssociationOptions.DEFAULT);
        assertThatThrownBy(() -> c.connect("127.0.0.1", acceptor.port(), request("STRANGER")))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> assertThat(e.rejection())
                        .isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED)))
                .hasMessageContaining("calling-AE-title-not-recognized");
    }

    @Test
    void unknownCalledAeIsRejectedWithReason7() {
        Connector c = new Connector(AssociationOptions.DEFAULT);
        AAssociateRq rq = new AAssociateRq(1, "NOT_US", "ALLOWED", AAssociateRq.DICOM_APPLICATION_CONTEXT,
                request("ALLOWED").presentationContexts(), request("ALLOWED").userInformation());
        assertThatThrownBy(() -> c.connect("127.0.0.1", acceptor.port(), rq))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> assertThat(e.rejection().reason())
                        .isEqualTo(AAssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED));
    }

    @Test
    void noAcceptablePresentationContextIsRejected() {
        Connector c = new Connector(AssociationOptions.DEFAULT);
        AAssociateRq rq = new AAssociateRq(1, SCP, "ALLOWED", AAssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, "1.2.3.4.5.6", List.of("1.2.840.10008.1.2"))),
                request("ALLOWED").userInformation());
        assertThatThrownBy(() -> c.connect("127.0.0.1", acceptor.port(), rq))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> assertThat(e.rejection())
                        .isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_NO_REASON_GIVEN)));
    }

    @Test
    void wrongPduTypeGetsAnAbortWithReasonUnrecognizedPdu() throws IOException {
        try (Socket s = raw()) {
            s.getOutputStream().write(new byte[] {0x0A, 0, 0, 0, 0, 4, 0, 0, 0, 0});
            Pdu answer = readPdu(s);
            assertThat(answer).isInstanceOf(AAbort.class);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void pDataBeyondOurMaximumGetsAnAbortWithInvalidParameter() throws IOException {
        try (Socket s = associated()) {
            // P-DATA-TF announcing 1 GiB: far beyond the 262144 we announced.
            s.getOutputStream().write(new byte[] {0x04, 0, 0x40, 0, 0, 0, 0, 0});
            assertThat(readPdu(s)).isEqualTo(AAbort.byProvider(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void truncatedAssociateRequestThenCloseIsSurvived() throws IOException {
        byte[] rq = PduWriter.encode(request("ALLOWED"));
        try (Socket s = raw()) {
            OutputStream out = s.getOutputStream();
            out.write(rq, 0, rq.length / 2);
            out.flush();
        }
    }

    @Test
    void peerClosingInTheMiddleOfAStoreLeavesNoFileBehind() throws Exception {
        try (Socket s = associated()) {
            OutputStream out = s.getOutputStream();
            byte[] cmd = CommandSet.cStoreRq(1, TestCorpus.CT_IMAGE_STORAGE, "1.2.3.4", 0, null, 0)
                    .dataSetPresent(true).encode();
            out.write(PduWriter.encode(new PDataTf(List.of(new Pdv(1, true, true, cmd, 0, cmd.length)))));
            byte[] data = PduWriter.encode(new PDataTf(List.of(new Pdv(1, false, false, new byte[1000], 0, 1000))));
            out.write(data, 0, data.length - 300);   // the connection dies inside this PDU
            out.flush();
        }
        assertThat(acceptor.awaitIdle(10_000)).as("server finished with the broken association").isTrue();
        // No stored or temporary file remains; the next association (the echo in stop()) is served.
        try (Stream<Path> files = Files.list(store)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void releaseRequestInTheMiddleOfAMessageIsAborted() throws IOException {
        try (Socket s = associated()) {
            OutputStream out = s.getOutputStream();
            byte[] cmd = CommandSet.cStoreRq(1, TestCorpus.CT_IMAGE_STORAGE, "1.2.3.5", 0, null, 0)
                    .dataSetPresent(true).encode();
            out.write(PduWriter.encode(new PDataTf(List.of(new Pdv(1, true, true, cmd, 0, cmd.length),
                    new Pdv(1, false, false, new byte[100], 0, 100)))));
            out.write(PduWriter.encode(new nl.zorgbrug.dicom.net.pdu.AReleaseRq()));
            Pdu answer = readPdu(s);
            assertThat(answer).isInstanceOf(AAbort.class);
            assertThat(((AAbort) answer).source()).isEqualTo(AAbort.SOURCE_SERVICE_PROVIDER);
        }
    }

    @Test
    void commandSpanningTwoPdusIsReassembled() throws IOException {
        try (Socket s = raw()) {
            AAssociateRq rq = new AAssociateRq(1, SCP, "ALLOWED", AAssociateRq.DICOM_APPLICATION_CONTEXT,
                    List.of(Verification.context(1)), UserInformation.of(16384, "1.2.3", "RAW"));
            s.getOutputStream().write(PduWriter.encode(rq));
            assertThat(readPdu(s)).isInstanceOf(AAssociateAc.class);
            byte[] echo = CommandSet.cEchoRq(7).encode();
            int half = echo.length / 2;
            OutputStream out = s.getOutputStream();
            out.write(PduWriter.encode(new PDataTf(List.of(new Pdv(1, true, false, echo, 0, half)))));
            out.write(PduWriter.encode(new PDataTf(List.of(new Pdv(1, true, true, echo, half, echo.length - half)))));
            Pdu answer = readPdu(s);
            assertThat(answer).isInstanceOf(PDataTf.class);
            Pdv pdv = ((PDataTf) answer).pdvs().get(0);
            CommandSet rsp = CommandSet.decode(java.util.Arrays.copyOfRange(pdv.buffer(), pdv.offset(),
                    pdv.offset() + pdv.length()), pdv.length(), "server");
            assertThat(rsp.messageIdBeingRespondedTo()).isEqualTo(7);
            assertThat(rsp.status()).isEqualTo(Status.SUCCESS);
        }
    }

    @Test
    void orderlyReleaseIsAnsweredAndTheConnectionClosed() throws IOException {
        try (Socket s = associated()) {
            s.getOutputStream().write(PduWriter.encode(new nl.zorgbrug.dicom.net.pdu.AReleaseRq()));
            assertThat(readPdu(s)).isEqualTo(new nl.zorgbrug.dicom.net.pdu.AReleaseRp());
            InputStream in = s.getInputStream();
            s.close();
            assertThat(s.isClosed()).isTrue();
            assertThat(in).isNotNull();
        }
    }
}
