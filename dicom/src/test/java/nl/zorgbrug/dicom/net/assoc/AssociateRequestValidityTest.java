package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.AAbort;
import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.Pdu;
import nl.zorgbrug.dicom.net.pdu.PduReader;
import nl.zorgbrug.dicom.net.pdu.PduWriter;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.UserInformation;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.Verification;

/**
 * A-ASSOCIATE-RQs that break PS3.8 in their fields (issue 15: an independent tester found them accepted), sent as
 * raw bytes to an acceptor that lets any calling AE title in, so only the rule under test can refuse them.
 */
class AssociateRequestValidityTest {
    static final String SCP = "ZB_SCP";
    /** Offsets in the encoded PDU: 6 bytes of PDU header, then version (2), reserved (2), called AE, calling AE. */
    static final int CALLED_AE = 6 + 4;
    static final int CALLING_AE = 6 + 4 + 16;

    @TempDir
    Path store;

    Acceptor acceptor;

    @BeforeEach
    void start() throws IOException {
        DicomServer anyCaller = new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(store));
        acceptor = new Acceptor(anyCaller, anyCaller, AssociationOptions.DEFAULT.withArtimTimeout(500)
                .withIdleTimeout(5000), 100).start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws IOException {
        assertThat(Verification.echo(new Connector(AssociationOptions.DEFAULT), "ZB_SCU", SCP, "127.0.0.1",
                acceptor.port())).as("the server still serves after the fault").isEqualTo(Status.SUCCESS);
        acceptor.close();
    }

    private static PresentationContextRq context(int id) {
        return new PresentationContextRq(id, TestCorpus.CT_IMAGE_STORAGE, List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
    }

    private static byte[] request(List<PresentationContextRq> contexts) {
        return PduWriter.encode(new AAssociateRq(1, SCP, "SENDER", AAssociateRq.DICOM_APPLICATION_CONTEXT, contexts,
                UserInformation.of(16384, "1.2.3", "RAW")));
    }

    private Pdu answerTo(byte[] pdu) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), acceptor.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(pdu);
            return new PduReader(s.getInputStream(), 1 << 20, "server").read();
        }
    }

    private static byte[] withSpaces(byte[] pdu, int at) {
        System.arraycopy(" ".repeat(16).getBytes(StandardCharsets.US_ASCII), 0, pdu, at, 16);
        return pdu;
    }

    @Test
    void theWellFormedRequestTheOthersAreMadeFromIsAccepted() throws IOException {
        assertThat(answerTo(request(List.of(context(1), context(3))))).isInstanceOf(AAssociateAc.class);
    }

    /** PS3.8 9.3.2 Table 9-11: a Calling-AE-title of 16 spaces shall not be used. */
    @Test
    void anAllSpaceCallingAeTitleIsRejectedAsNotRecognized() throws IOException {
        assertThat(answerTo(withSpaces(request(List.of(context(1))), CALLING_AE))).isEqualTo(new AAssociateRj(
                AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED));
    }

    /** PS3.8 9.3.2 Table 9-11: nor a Called-AE-title of 16 spaces. */
    @Test
    void anAllSpaceCalledAeTitleIsRejectedAsNotRecognized() throws IOException {
        assertThat(answerTo(withSpaces(request(List.of(context(1))), CALLED_AE))).isEqualTo(new AAssociateRj(
                AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED));
    }

    /** PS3.8 7.1.1.13: the requestor assigns an unused identifier to each proposed context. */
    @Test
    void duplicatePresentationContextIdsAreAnInvalidParameter() throws IOException {
        assertThat(answerTo(request(List.of(context(1), context(1)))))
                .isEqualTo(AAbort.byProvider(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE));
    }

    /** PS3.8 9.3.2.2: Presentation-context-ID values shall be odd integers between 1 and 255. */
    @Test
    void anEvenPresentationContextIdIsAnInvalidParameter() throws IOException {
        byte[] pdu = request(List.of(context(1), context(3)));
        int second = indexOfContextItem(pdu, 2);
        pdu[second + 4] = 2;
        assertThat(answerTo(pdu)).isEqualTo(AAbort.byProvider(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE));
    }

    /** PS3.8 9.3.1: an item whose length runs past its PDU makes the PDU invalid. */
    @Test
    void aContextItemRunningPastThePduIsAnInvalidParameter() throws IOException {
        byte[] pdu = request(List.of(context(1)));
        int item = indexOfContextItem(pdu, 1);
        int pastTheEnd = pdu.length - (item + 4) + 10;
        pdu[item + 2] = (byte) (pastTheEnd >> 8);
        pdu[item + 3] = (byte) pastTheEnd;
        assertThat(answerTo(pdu)).isEqualTo(AAbort.byProvider(AAbort.REASON_INVALID_PDU_PARAMETER_VALUE));
    }

    /** Offset of the n-th (1-based) Presentation Context item (type 20H) after the 74 fixed bytes. */
    private static int indexOfContextItem(byte[] pdu, int n) {
        int p = 6 + 68;
        int seen = 0;
        while (p < pdu.length) {
            int len = ((pdu[p + 2] & 0xFF) << 8) | (pdu[p + 3] & 0xFF);
            if ((pdu[p] & 0xFF) == 0x20 && ++seen == n) {
                return p;
            }
            p += 4 + len;
        }
        throw new AssertionError("no presentation context item " + n);
    }
}
