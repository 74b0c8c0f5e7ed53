package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.CommandField;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseMessage;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * Storage Commitment Push Model with our SCU against our SCP on loopback (PS3.4 J.3): the N-ACTION is
 * answered, the provider's verdict comes back as the N-EVENT-REPORT on the same association when the SCU
 * waits there, and is handed to the provider for a new association when the SCU releases at once; that
 * report, sent with the SCP role, reaches a server's commitment handler.
 */
class StorageCommitmentLoopbackTest {
    static final String SCP = "ZB_SCP";
    static final String SCU = "ZB_SCU";

    final List<Acceptor> acceptors = new ArrayList<>();
    final Connector connector = new Connector(AssociationOptions.DEFAULT);
    final BlockingQueue<StorageCommitment.Request> asked = new LinkedBlockingQueue<>();
    final BlockingQueue<StorageCommitment.Result> later = new LinkedBlockingQueue<>();

    final StorageCommitment.Reference present = new StorageCommitment.Reference(TestCorpus.CT_IMAGE_STORAGE,
            TestCorpus.newUid());
    final StorageCommitment.Reference absent = new StorageCommitment.Reference(TestCorpus.CT_IMAGE_STORAGE,
            TestCorpus.newUid());

    /** Commits what it "holds" (only {@link #present}), fails the rest with 0x0112. */
    final StorageCommitment.Provider provider = new StorageCommitment.Provider() {
        @Override
        public StorageCommitment.Result commit(StorageCommitment.Request request) {
            asked.add(request);
            List<StorageCommitment.Reference> ok = new ArrayList<>();
            List<StorageCommitment.Failure> failed = new ArrayList<>();
            for (StorageCommitment.Reference r : request.references()) {
                if (r.equals(present)) {
                    ok.add(r);
                } else {
                    failed.add(new StorageCommitment.Failure(r, StorageCommitment.NO_SUCH_OBJECT_INSTANCE));
                }
            }
            return new StorageCommitment.Result(request.transactionUid(), ok, failed);
        }

        @Override
        public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
            later.add(result);
        }
    };

    @AfterEach
    void stop() {
        acceptors.forEach(Acceptor::close);
    }

    int start(DicomServer server) throws IOException {
        Acceptor a = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        acceptors.add(a);
        return a.port();
    }

    int startScp() throws IOException {
        return start(new DicomServer(Map.of(SCP, Set.of()), null)
                .withCommitmentProvider(provider, Duration.ofMillis(300)));
    }

    Association associate(int port) throws IOException {
        return connector.connect("127.0.0.1", port, connector.request(SCU, SCP,
                List.of(StorageCommitment.context(1)), List.of(), null));
    }

    @Test
    void theReportComesOnTheSameAssociationWhenTheScuWaitsForIt() throws Exception {
        int port = startScp();
        String transaction = TestCorpus.newUid();
        try (Association as = associate(port)) {
            Dimse dimse = new Dimse(as);
            assertThat(StorageCommitment.request(dimse, transaction, List.of(present, absent))).isEqualTo(Status.SUCCESS);
            StorageCommitment.Result result = StorageCommitment.awaitReportOnThisAssociation(dimse);
            assertThat(result.transactionUid()).isEqualTo(transaction);
            assertThat(result.committed()).containsExactly(present);
            assertThat(result.failed()).containsExactly(
                    new StorageCommitment.Failure(absent, StorageCommitment.NO_SUCH_OBJECT_INSTANCE));
            as.release();
        }
        StorageCommitment.Request request = asked.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.callingAeTitle()).isEqualTo(SCU);
        assertThat(request.calledAeTitle()).isEqualTo(SCP);
        assertThat(later).isEmpty();
    }

    @Test
    void anScuThatReleasesAtOnceGetsTheReportOnANewAssociation() throws Exception {
        int port = startScp();
        String transaction = TestCorpus.newUid();
        try (Association as = associate(port)) {
            assertThat(StorageCommitment.request(new Dimse(as), transaction, List.of(present))).isEqualTo(Status.SUCCESS);
            as.release();
        }
        StorageCommitment.Result result = later.poll(5, TimeUnit.SECONDS);
        assertThat(result).isNotNull();
        assertThat(result.transactionUid()).isEqualTo(transaction);
        assertThat(result.allCommitted()).isTrue();

        // The SCP sends it with the SCP role to the SCU's listener, which hands it to its handler.
        BlockingQueue<StorageCommitment.Result> received = new LinkedBlockingQueue<>();
        BlockingQueue<String> from = new LinkedBlockingQueue<>();
        int scuPort = start(new DicomServer(Map.of(SCU, Set.of()), null).withCommitmentHandler((r, ae) -> {
            received.add(r);
            from.add(ae);
        }));
        try (Association as = connector.connect("127.0.0.1", scuPort, connector.request(SCP, SCU,
                List.of(StorageCommitment.context(1)), List.of(StorageCommitment.reportRoleSelection()), null))) {
            assertThat(StorageCommitment.report(new Dimse(as), result)).isEqualTo(Status.SUCCESS);
            as.release();
        }
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(result);
        assertThat(from.poll()).isEqualTo(SCP);
    }

    @Test
    void aRequestThatIsNotAStorageCommitmentRequestIsRefusedAndNotReported() throws Exception {
        int port = startScp();
        try (Association as = associate(port)) {
            Dimse dimse = new Dimse(as);
            DataSet ds = new DataSet();
            ds.setString(Tag.TransactionUID, VR.UI, TestCorpus.newUid());
            int id = dimse.nextMessageId();
            CommandSet rq = new CommandSet().uid(Tag.RequestedSOPClassUID, StorageCommitment.SOP_CLASS)
                    .us(Tag.CommandField, CommandField.N_ACTION_RQ).us(Tag.MessageID, id)
                    .uid(Tag.RequestedSOPInstanceUID, StorageCommitment.WELL_KNOWN_INSTANCE)
                    .us(Tag.ActionTypeID, 7);
            dimse.write(1, rq, Identifiers.writer(ds, TransferSyntax.of(as.context(1).transferSyntax())));
            DimseMessage rsp = dimse.read();
            assertThat(rsp.command().commandField()).isEqualTo(CommandField.N_ACTION_RSP);
            assertThat(rsp.command().status().code()).isEqualTo(0x0123);
            assertThat(rsp.command().affectedSopClassUid()).isEqualTo(StorageCommitment.SOP_CLASS);
            assertThat(rsp.command().affectedSopInstanceUid()).isEqualTo(StorageCommitment.WELL_KNOWN_INSTANCE);
            as.release();
        }
        assertThat(asked).isEmpty();
        assertThat(later.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void withoutAProviderTheSopClassIsNotAccepted() throws Exception {
        int port = start(new DicomServer(Map.of(SCP, Set.of()), null));
        try (Association as = connector.connect("127.0.0.1", port, connector.request(SCU, SCP,
                List.of(StorageCommitment.context(1), new nl.zorgbrug.dicom.net.pdu.PresentationContextRq(3,
                        StorageSopClasses.VERIFICATION, List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()))),
                List.of(), null))) {
            assertThat(as.findContext(StorageCommitment.SOP_CLASS, null)).isNull();
            as.release();
        }
    }

    @Test
    void aCertificateBindingLookupIsAskedPerCallingAeTitle() {
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), null)
                .withCertificateBinding(ae -> ae.equals("BOUND") ? "CN=pacs.umcx.test, O=UMC X, C=NL" : null);
        javax.security.auth.x500.X500Principal right = new javax.security.auth.x500.X500Principal(
                "cn=pacs.umcx.test,o=UMC X,c=NL");
        javax.security.auth.x500.X500Principal wrong = new javax.security.auth.x500.X500Principal("CN=other,O=UMC X,C=NL");
        assertThat(server.acceptsPeerIdentity(SCP, "BOUND", right)).isTrue();
        assertThat(server.acceptsPeerIdentity(SCP, "BOUND", wrong)).isFalse();
        assertThat(server.acceptsPeerIdentity(SCP, "BOUND", null)).isFalse();
        assertThat(server.acceptsPeerIdentity(SCP, "FREE", null)).isTrue();
        DicomServer broken = new DicomServer(Map.of(SCP, Set.of()), null).withCertificateBinding(ae -> "not a DN");
        assertThat(broken.acceptsPeerIdentity(SCP, "ANY", right)).isFalse();
    }
}
