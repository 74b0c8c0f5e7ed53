package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.PduReader;
import nl.zorgbrug.dicom.net.pdu.PduWriter;
import nl.zorgbrug.dicom.net.pdu.UserInformation;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.Verification;

/** Idle connections of one host cannot keep other senders out (issue 15). Linux routes all of 127/8 to loopback. */
class ConnectionsPerAddressTest {
    private static final int MAX_ASSOCIATIONS = 8;
    private static final int PER_ADDRESS = 5;

    @Test
    void idleConnectionsOfOneAddressLeaveRoomForAnAssociationFromAnother() throws Exception {
        InetAddress flooder = InetAddress.getByName("127.0.0.1");
        InetAddress sender = InetAddress.getByName("127.0.0.2");
        DicomServer server = new DicomServer(Map.of("ZB_SCP", Set.of()), null);
        List<Socket> idle = new ArrayList<>();
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT.withArtimTimeout(60_000),
                MAX_ASSOCIATIONS).withMaxConnectionsPerAddress(PER_ADDRESS).start(InetAddress.getByName("0.0.0.0"), 0)) {
            for (int i = 0; i < 3 * MAX_ASSOCIATIONS; i++) {
                idle.add(new Socket(flooder, acceptor.port()));   // connects, never sends an A-ASSOCIATE-RQ
            }
            // Those beyond the limit are closed at once, not after the ARTIM time.
            for (Socket beyond : idle.subList(PER_ADDRESS, idle.size())) {
                beyond.setSoTimeout(5_000);
                assertThat(beyond.getInputStream().read()).as("a connection beyond the limit of its address").isEqualTo(-1);
            }
            // Those within it wait for their request as before.
            Socket within = idle.get(0);
            within.setSoTimeout(300);
            assertThatThrownBy(() -> within.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            // A real association from another address is accepted while the first address sits at its limit.
            try (Socket s = new Socket(sender, acceptor.port(), sender, 0)) {
                s.setSoTimeout(10_000);
                assertThat(associate(s)).isInstanceOf(AAssociateAc.class);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void theLimitLeavesAQuarterOfTheSlotsToOtherAddresses() {
        ConnectionsPerAddress limits = new ConnectionsPerAddress(3);
        InetAddress a = InetAddress.getLoopbackAddress();
        assertThat(limits.tryOpen(a)).isTrue();
        assertThat(limits.tryOpen(a)).isTrue();
        assertThat(limits.tryOpen(a)).isTrue();
        assertThat(limits.tryOpen(a)).isFalse();
        limits.closed(a);
        assertThat(limits.tryOpen(a)).isTrue();
        assertThat(limits.refusalsToLog(a, 0)).as("one refusal since never logged").isEqualTo(1);
        assertThat(limits.tryOpen(a)).isFalse();
        assertThat(limits.refusalsToLog(a, 1_000_000_000L)).as("within the minute: not logged again").isZero();
        assertThat(limits.refusalsToLog(a, 61_000_000_000L)).isEqualTo(1);

        DicomServer server = new DicomServer(Map.of("ZB_SCP", Set.of()), null);
        Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 100).withMaxConnectionsPerAddress(500);
        assertThat(acceptor).extracting("perAddress").extracting("limit").isEqualTo(75);
    }

    private static Object associate(Socket s) throws IOException {
        s.getOutputStream().write(PduWriter.encode(new AAssociateRq(1, "ZB_SCP", "SENDER",
                AAssociateRq.DICOM_APPLICATION_CONTEXT, List.of(Verification.context(1)),
                UserInformation.of(16384, "1.2.3", "RAW"))));
        return new PduReader(s.getInputStream(), 1 << 20, "server").read();
    }
}
