package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.AReleaseRp;
import nl.zorgbrug.dicom.net.pdu.AReleaseRq;
import nl.zorgbrug.dicom.net.pdu.PDataTf;
import nl.zorgbrug.dicom.net.pdu.PduReader;
import nl.zorgbrug.dicom.net.pdu.PduWriter;
import nl.zorgbrug.dicom.net.pdu.Pdv;
import nl.zorgbrug.dicom.net.pdu.PresentationContextAc;
import nl.zorgbrug.dicom.net.pdu.UserInformation;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.Verification;
import nl.zorgbrug.dicom.net.ul.State;

/** Release collisions and P-DATA during release (pitfall 3), and the association limit of the acceptor. */
class ReleaseAndLimitsTest {

    /** A scripted peer on a raw socket: accepts the association, then plays the given release script. */
    interface Script {
        void play(Socket s, PduReader in) throws IOException;
    }

    static CompletableFuture<Void> scriptedAcceptor(ServerSocket server, Script script) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                PduReader in = new PduReader(s.getInputStream(), 1 << 20, "requestor");
                AAssociateRq rq = (AAssociateRq) in.read();
                s.getOutputStream().write(PduWriter.encode(new AAssociateAc(1, rq.calledAeTitle(), rq.callingAeTitle(),
                        AAssociateRq.DICOM_APPLICATION_CONTEXT,
                        List.of(new PresentationContextAc(1, 0, "1.2.840.10008.1.2")),
                        UserInformation.of(16384, "1.2.3", "SCRIPT"))));
                script.play(s, in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    Association connect(ServerSocket server) throws IOException {
        Connector c = new Connector(AssociationOptions.DEFAULT.withArtimTimeout(5000));
        return c.connect("127.0.0.1", server.getLocalPort(),
                c.request("ZB_SCU", "SCRIPT", List.of(Verification.context(1)), List.of(), null));
    }

    @Test
    void releaseCollisionAsRequestor() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = scriptedAcceptor(server, (s, in) -> {
                assertThat(in.read()).isInstanceOf(AReleaseRq.class);
                s.getOutputStream().write(PduWriter.encode(new AReleaseRq()));     // collision
                assertThat(in.read()).as("requestor answers first (Sta9 -> Sta11)").isInstanceOf(AReleaseRp.class);
                s.getOutputStream().write(PduWriter.encode(new AReleaseRp()));
                assertThat(in.read()).as("then closes").isNull();
            });
            Association as = connect(server);
            as.release();
            assertThat(as.state()).isEqualTo(State.STA1);
            assertThat(as.isClosed()).isTrue();
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pDataCrossingOurReleaseRequestIsIgnored() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = scriptedAcceptor(server, (s, in) -> {
                assertThat(in.read()).isInstanceOf(AReleaseRq.class);
                byte[] late = new byte[] {0, 0};
                s.getOutputStream().write(PduWriter.encode(new PDataTf(List.of(new Pdv(1, true, true, late, 0, 2)))));
                s.getOutputStream().write(PduWriter.encode(new AReleaseRp()));
                assertThat(in.read()).isNull();
            });
            Association as = connect(server);
            as.release();
            assertThat(as.state()).isEqualTo(State.STA1);
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void beyondTheAssociationLimitARequestIsRejectedTransiently() throws Exception {
        DicomServer server = new DicomServer(Map.of("ZB_SCP", Set.of()), null);
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 1)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            Connector c = new Connector(AssociationOptions.DEFAULT);
            try (Association first = c.connect("127.0.0.1", acceptor.port(),
                    c.request("ZB_SCU", "ZB_SCP", List.of(Verification.context(1)), List.of(), null))) {
                assertThatThrownBy(() -> c.connect("127.0.0.1", acceptor.port(),
                        c.request("ZB_SCU", "ZB_SCP", List.of(Verification.context(1)), List.of(), null)))
                        .isInstanceOfSatisfying(AssociationRejectedException.class, e -> assertThat(e.rejection())
                                .isEqualTo(new AAssociateRj(AAssociateRj.RESULT_TRANSIENT,
                                        AAssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                                        AAssociateRj.REASON_LOCAL_LIMIT_EXCEEDED)));
                first.release();
            }
            assertThat(acceptor.awaitIdle(10_000)).isTrue();
            assertThat(Verification.echo(c, "ZB_SCU", "ZB_SCP", "127.0.0.1", acceptor.port()).isSuccess()).isTrue();
        }
    }


    @Test
    void aPeerThatNeverAnswersIsAbortedAfterTheResponseTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = scriptedAcceptor(server, (s, in) -> {
                assertThat(in.read()).isInstanceOf(PDataTf.class);   // the C-ECHO-RQ, never answered
                assertThat(in.read()).isEqualTo(nl.zorgbrug.dicom.net.pdu.AAbort.byUser());
            });
            Connector c = new Connector(AssociationOptions.DEFAULT.withResponseTimeout(300));
            try (Association as = c.connect("127.0.0.1", server.getLocalPort(),
                    c.request("ZB_SCU", "SCRIPT", List.of(Verification.context(1)), List.of(), null))) {
                assertThatThrownBy(() -> Verification.echo(new nl.zorgbrug.dicom.net.dimse.Dimse(as)))
                        .isInstanceOf(AssociationAbortedException.class).hasMessageContaining("within 300 ms");
                assertThat(as.isClosed()).isTrue();
            }
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPeerThatStopsReadingIsAbortedAfterTheWriteTimeout() throws Exception {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = scriptedAcceptor(server, (s, in) -> {
                try {
                    done.await(60, TimeUnit.SECONDS);   // reads nothing more while we send
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Connector c = new Connector(AssociationOptions.DEFAULT.withWriteTimeout(500));
            try (Association as = c.connect("127.0.0.1", server.getLocalPort(),
                    c.request("ZB_SCU", "SCRIPT", List.of(Verification.context(1)), List.of(), null))) {
                nl.zorgbrug.dicom.net.dimse.Dimse dimse = new nl.zorgbrug.dicom.net.dimse.Dimse(as);
                byte[] chunk = new byte[1 << 20];
                assertThatThrownBy(() -> dimse.write(1, nl.zorgbrug.dicom.net.dimse.CommandSet.cStoreRq(1,
                        "1.2.840.10008.5.1.4.1.1.7", "1.2.3", 0, null, 0), out -> {
                            for (int i = 0; i < 256; i++) {   // 256 MiB: far more than the socket buffers hold
                                out.write(chunk);
                            }
                        }))
                        .isInstanceOf(AssociationAbortedException.class)
                        .hasMessageContaining("read nothing of what we sent for 500 ms");
                assertThat(as.isClosed()).isTrue();
            } finally {
                done.countDown();
            }
            peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdleAssociationIsAbortedByTheServer() throws Exception {
        DicomServer server = new DicomServer(Map.of("ZB_SCP", Set.of()), null);
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT.withIdleTimeout(300), 5)
                .start(InetAddress.getLoopbackAddress(), 0);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), acceptor.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(PduWriter.encode(new AAssociateRq(1, "ZB_SCP", "IDLER",
                    AAssociateRq.DICOM_APPLICATION_CONTEXT, List.of(Verification.context(1)),
                    UserInformation.of(16384, "1.2.3", "RAW"))));
            PduReader in = new PduReader(s.getInputStream(), 1 << 20, "server");
            assertThat(in.read()).isInstanceOf(AAssociateAc.class);
            // We send nothing: after the idle timeout the server aborts (A-ABORT, service-user) and closes.
            assertThat(in.read()).isEqualTo(nl.zorgbrug.dicom.net.pdu.AAbort.byUser());
            assertThat(in.read()).isNull();
        }
    }
}
