package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.pdu.AReleaseRp;
import nl.zorgbrug.dicom.net.pdu.AReleaseRq;
import nl.zorgbrug.dicom.net.pdu.PDataTf;
import nl.zorgbrug.dicom.net.pdu.Pdu;
import nl.zorgbrug.dicom.net.pdu.PduWriter;
import nl.zorgbrug.dicom.net.pdu.Pdv;
import nl.zorgbrug.dicom.net.service.Verification;

/**
 * Issue 22: the P-DATA-TF PDUs of one message leave in a few socket writes, not one write per PDU, and are the same
 * PDUs: each within the peer's maximum (16 KiB here, dcmtk's default), the fragments in order, the last one marked.
 */
class PDataBatchingTest {

    /** A socket that counts the writes made to its stream (each one a system call on a plain socket). */
    static final class CountingSocket extends Socket {
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream raw = super.getOutputStream();
            return new FilterOutputStream(raw) {
                @Override
                public void write(int b) throws IOException {
                    writes.incrementAndGet();
                    raw.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writes.incrementAndGet();
                    raw.write(b, off, len);
                }
            };
        }
    }

    @Test
    void aLargeMessageLeavesInFewWritesAsTheSamePdus() throws Exception {
        int size = 512 * 1024;
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31);
        }
        AtomicInteger pdus = new AtomicInteger();
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = ReleaseAndLimitsTest.scriptedAcceptor(server, (s, in) -> {
                boolean commandSeen = false;
                while (true) {
                    Pdu pdu = in.read();
                    if (pdu instanceof AReleaseRq) {
                        s.getOutputStream().write(PduWriter.encode(new AReleaseRp()));
                        return;
                    }
                    assertThat(pdu).isInstanceOf(PDataTf.class);
                    pdus.incrementAndGet();
                    for (Pdv pdv : ((PDataTf) pdu).pdvs()) {
                        assertThat(pdv.length()).as("within the peer's maximum PDU").isLessThanOrEqualTo(16384 - 6);
                        if (pdv.command()) {
                            commandSeen = pdv.last();
                        } else {
                            assertThat(commandSeen).as("the command first, whole").isTrue();
                            received.write(pdv.buffer(), pdv.offset(), pdv.length());
                            assertThat(pdv.last()).isEqualTo(received.size() == size);
                        }
                    }
                }
            });
            Connector c = new Connector(AssociationOptions.DEFAULT);
            CountingSocket socket = new CountingSocket();
            Association as = Association.request(socket, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.getLocalPort()), c.request("ZB_SCU", "SCRIPT", List.of(Verification.context(1)), List.of(),
                    null), AssociationOptions.DEFAULT, null);
            int before = socket.writes.get();
            new Dimse(as).write(1, CommandSet.cStoreRq(1, "1.2.840.10008.5.1.4.1.1.7", "1.2.3", 0, null, 0),
                    out -> out.write(data));
            int writes = socket.writes.get() - before;
            as.release();
            peer.get(10, TimeUnit.SECONDS);
            assertThat(received.toByteArray()).isEqualTo(data);
            assertThat(pdus.get()).as("a command PDU and 512 KiB in PDUs of at most 16 KiB").isGreaterThanOrEqualTo(33);
            assertThat(writes).as("socket writes for " + pdus.get() + " PDUs").isLessThanOrEqualTo(8);
        }
    }
}
