package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.assoc.PresentationContext;
import nl.zorgbrug.dicom.net.dimse.CommandSet;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;

/** Our SCU against our SCP on loopback: the association, DIMSE and storage layers end to end. */
class StorageLoopbackTest {
    static final String SCP = "ZB_SCP";
    static final String SCU = "ZB_SCU";

    @TempDir
    Path tmp;

    final List<Acceptor> acceptors = new ArrayList<>();

    @AfterEach
    void stop() {
        acceptors.forEach(Acceptor::close);
    }

    Acceptor start(DicomServer server, AssociationOptions options) throws IOException {
        Acceptor a = new Acceptor(server, server, options, 100).start(InetAddress.getLoopbackAddress(), 0);
        acceptors.add(a);
        return a;
    }

    Acceptor startStore(Path dir) throws IOException {
        return start(new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(dir)), AssociationOptions.DEFAULT);
    }

    @Test
    void echo() throws IOException {
        Acceptor a = startStore(tmp.resolve("in"));
        Status s = Verification.echo(new Connector(AssociationOptions.DEFAULT), SCU, SCP, "127.0.0.1", a.port());
        assertThat(s).isEqualTo(Status.SUCCESS);
    }

    @Test
    void everyTransferSyntaxArrivesByteIdentical() throws IOException {
        Path in = tmp.resolve("in");
        Acceptor a = startStore(in);
        List<Path> files = TestCorpus.writeAll(tmp.resolve("out"), 64, 64);
        List<StoreScu.Outcome> outcomes = StoreScu.send(new Connector(AssociationOptions.DEFAULT), SCU, SCP,
                "127.0.0.1", a.port(), files, (o, done, total) -> { });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as(o.toString()).isTrue());
        for (Path f : files) {
            Path received = in.resolve(StoreScu.inspect(f).sopInstanceUid() + ".dcm");
            assertThat(TestCorpus.transferSyntaxOf(received)).isEqualTo(TestCorpus.transferSyntaxOf(f));
            assertThat(TestCorpus.dataSetBytes(received)).isEqualTo(TestCorpus.dataSetBytesAsSent(f));
        }
    }

    @Test
    void convertsBetweenUncompressedSyntaxesWhenThePeerOnlyTakesImplicit() throws IOException {
        Path in = tmp.resolve("in");
        DicomServer implicitOnly = new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(in), false,
                List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
        Acceptor a = start(implicitOnly, AssociationOptions.DEFAULT);
        List<Path> files = List.of(TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, 32, 32),
                TestCorpus.write(tmp, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, 32, 32),
                TestCorpus.write(tmp, TestCorpus.JPEG_BASELINE, 32, 32));
        List<StoreScu.Outcome> outcomes = StoreScu.send(new Connector(AssociationOptions.DEFAULT), SCU, SCP,
                "127.0.0.1", a.port(), files, (o, done, total) -> { });
        for (int i = 0; i < 2; i++) {
            assertThat(outcomes.get(i).ok()).as(outcomes.get(i).toString()).isTrue();
            Path received = in.resolve(outcomes.get(i).sopInstanceUid() + ".dcm");
            DicomFile got = Part10Reader.read(received);
            assertThat(got.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            assertThat(got.dataSet().contentEquals(Part10Reader.read(files.get(i)).dataSet())).isTrue();
        }
        assertThat(outcomes.get(2).ok()).isFalse();
        assertThat(outcomes.get(2).error()).contains("JPEG Baseline").contains("codec").contains(files.get(2).toString());
    }

    /**
     * Issue 15: PS3.6 gives (0028,0106) and (0028,0107) the VR "US or SS", which Pixel Representation (0028,0103)
     * decides. Converted from implicit VR for a peer that only takes explicit VR, a signed image's -2 must be
     * written as SS -2, not US 65534; a LUT descriptor (PS3.3 C.7.6.3.1.5: first and third values always US) stays US.
     */
    @Test
    void signedPixelValuesAreWrittenAsSsWhenImplicitIsConvertedToExplicit() throws IOException {
        nl.zorgbrug.dicom.interop.Peers.requireDcmtk();
        Path in = tmp.resolve("in");
        DicomServer explicitOnly = new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(in), false,
                List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
        Acceptor a = start(explicitOnly, AssociationOptions.DEFAULT);
        String iuid = TestCorpus.newUid();
        TransferSyntax implicit = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        DataSet ds = TestCorpus.ct(iuid, 4, 4, implicit);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1); // signed
        int smallest = -2;
        int largest = 2047;
        ds.setBytes(0x00280106, VR.US, new byte[] {(byte) smallest, (byte) (smallest >> 8)});
        ds.setBytes(0x00280107, VR.US, new byte[] {(byte) largest, (byte) (largest >> 8)});
        int entries = 256;
        int firstMapped = 0x8000;
        ds.setBytes(0x00281101, VR.US, new byte[] {(byte) entries, (byte) (entries >> 8),
                (byte) firstMapped, (byte) (firstMapped >> 8), 16, 0});
        Path file = tmp.resolve(iuid + ".dcm");
        nl.zorgbrug.dicom.io.Part10Writer.write(new DicomFile(null,
                nl.zorgbrug.dicom.io.FileMetaInformation.create(TestCorpus.CT_IMAGE_STORAGE, iuid, implicit, "TESTCORPUS"),
                ds, implicit, true), file);

        StoreScu.Outcome o = StoreScu.send(new Connector(AssociationOptions.DEFAULT), SCU, SCP, "127.0.0.1", a.port(),
                List.of(file), (x, done, total) -> { }).get(0);

        assertThat(o.ok()).as(o.toString()).isTrue();
        Path received = in.resolve(iuid + ".dcm");
        DataSet got = Part10Reader.read(received).dataSet();
        assertThat(got.get(0x00280106).vr()).isEqualTo(VR.SS);
        assertThat(got.getInt(0x00280106, 0)).isEqualTo(smallest);
        assertThat(got.get(0x00280107).vr()).isEqualTo(VR.SS);
        assertThat(got.getInt(0x00280107, 0)).isEqualTo(largest);
        assertThat(got.get(0x00281101).vr()).isEqualTo(VR.US);
        nl.zorgbrug.dicom.interop.Peers.Result dump = nl.zorgbrug.dicom.interop.Peers.run(
                List.of("dcmdump", "+P", "0028,0106", "+P", "0028,1101", received.toString()), null);
        assertThat(dump.stdout()).as(dump.stderr()).contains("(0028,0106) SS " + smallest)
                .contains("(0028,1101) US " + entries + "\\" + firstMapped + "\\16");
    }

    @Test
    void editsAreAppliedOnTheWayToTheNetworkAndTheOriginalIsUntouched() throws IOException {
        Path in = tmp.resolve("in");
        Path converted = tmp.resolve("converted");
        Acceptor asStored = start(new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(in)), AssociationOptions.DEFAULT);
        Acceptor implicitOnly = start(new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(converted), false,
                List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())), AssociationOptions.DEFAULT);
        DataSet values = new DataSet();
        values.setString(Tag.PatientID, VR.LO, "EDITED-ON-THE-WAY");
        List<Edit> edits = List.of(new Edit.Put(values.get(Tag.PatientID)), new Edit.Remove(Tag.PatientName));
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            Path file = TestCorpus.write(tmp, ts, 64, 64);
            byte[] before = Files.readAllBytes(file);
            DicomFile original = Part10Reader.read(file);
            StoreScu.FileInfo info = StoreScu.inspect(file);
            for (Acceptor a : List.of(asStored, implicitOnly)) {
                try (Association as = new Connector(AssociationOptions.DEFAULT).connect("127.0.0.1", a.port(),
                        new Connector(AssociationOptions.DEFAULT).request(SCU, SCP, StoreScu.contexts(List.of(info)),
                                List.of(), null))) {
                    assertThat(StoreScu.store(new Dimse(as), info, edits)).isEqualTo(Status.SUCCESS);
                    as.release();
                }
            }
            for (Path dir : List.of(in, converted)) {
                DicomFile got = Part10Reader.read(dir.resolve(info.sopInstanceUid() + ".dcm"));
                assertThat(got.dataSet().getString(Tag.PatientID)).isEqualTo("EDITED-ON-THE-WAY");
                assertThat(got.dataSet().contains(Tag.PatientName)).isFalse();
                DataSet expected = original.dataSet().copy();
                StreamingEditor.apply(expected, edits);
                got.dataSet().remove(Tag.PatientID);
                expected.remove(Tag.PatientID);
                assertThat(got.dataSet().contentEquals(expected)).as(ts + " to " + dir).isTrue();
            }
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    @Test
    void largeObjectIsFragmentedAtThePeersSmallMaximum() throws IOException {
        Path in = tmp.resolve("in");
        Acceptor a = start(new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(in)),
                AssociationOptions.DEFAULT.withMaxPduLength(4096, 4096));
        Path file = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 512, 512);
        List<StoreScu.Outcome> outcomes = StoreScu.send(new Connector(AssociationOptions.DEFAULT), SCU, SCP,
                "127.0.0.1", a.port(), List.of(file), (o, done, total) -> { });
        assertThat(outcomes.get(0).ok()).as(outcomes.get(0).toString()).isTrue();
        assertThat(TestCorpus.dataSetBytes(in.resolve(outcomes.get(0).sopInstanceUid() + ".dcm")))
                .isEqualTo(TestCorpus.dataSetBytes(file));
    }

    @Test
    void handlerReceivesTheDataSetWhileItIsStillBeingSent() throws Exception {
        CountDownLatch firstBytesSeen = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        CStoreHandler handler = (request, data) -> {
            byte[] buf = new byte[8192];
            int n;
            while ((n = data.read(buf)) > 0) {
                received.addAndGet(n);
                firstBytesSeen.countDown();
            }
            return Status.SUCCESS;
        };
        Acceptor a = start(new DicomServer(Map.of(SCP, Set.of()), handler), AssociationOptions.DEFAULT);
        Connector c = new Connector(AssociationOptions.DEFAULT);
        String iuid = TestCorpus.newUid();
        try (Association as = c.connect("127.0.0.1", a.port(), c.request(SCU, SCP, List.of(new PresentationContextRq(1,
                TestCorpus.CT_IMAGE_STORAGE, List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()))), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            byte[] half = new byte[2 << 20];
            dimse.write(1, CommandSet.cStoreRq(dimse.nextMessageId(), TestCorpus.CT_IMAGE_STORAGE, iuid, 0, null, 0), out -> {
                // An element header for 4 MiB of OB, then half of it: the handler must already be reading
                // before we send the rest. A server that buffered whole objects would never count down.
                DicomWriterHelper.obHeader(out, 0x00091010, half.length * 2L);
                out.write(half);
                try {
                    assertThat(firstBytesSeen.await(30, TimeUnit.SECONDS)).as("handler saw data mid-object").isTrue();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write(half);
            });
            assertThat(dimse.read().command().status()).isEqualTo(Status.SUCCESS);
            as.release();
        }
        assertThat(received.get()).isEqualTo(12 + (4L << 20));
    }

    /** Writes explicit VR little endian element headers; test-only. */
    static final class DicomWriterHelper {
        static void obHeader(java.io.OutputStream out, int tag, long length) throws IOException {
            out.write(new byte[] {(byte) (tag >> 16), (byte) (tag >> 24), (byte) tag, (byte) (tag >> 8), 'O', 'B', 0, 0,
                    (byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)});
        }
    }

    @Test
    void handlerStatusesReachTheScuAndAFailingHandlerDoesNotStopTheServer() throws Exception {
        CStoreHandler handler = (request, data) -> {
            String mode = request.sopInstanceUid().substring(request.sopInstanceUid().lastIndexOf('.') + 1);
            switch (mode) {
                case "1": return Status.COERCION_OF_DATA_ELEMENTS;
                case "2": throw new DimseStatusException(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "not a CT");
                case "3": throw new IllegalStateException("handler bug");
                case "4": throw new IOException("disk full");
                default:
                    data.readAllBytes();
                    return Status.SUCCESS;
            }
        };
        Acceptor a = start(new DicomServer(Map.of(SCP, Set.of()), handler), AssociationOptions.DEFAULT);
        Connector c = new Connector(AssociationOptions.DEFAULT);
        int[] expected = {0xB000, 0xA900, 0x0110, 0xA700, 0x0000};
        for (int mode = 1; mode <= 5; mode++) {
            Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 16, 16);
            StoreScu.FileInfo info = StoreScu.inspect(f);
            StoreScu.FileInfo renamed = new StoreScu.FileInfo(f, info.sopClassUid(), info.sopInstanceUid() + "." + mode,
                    info.transferSyntax());
            try (Association as = c.connect("127.0.0.1", a.port(),
                    c.request(SCU, SCP, StoreScu.contexts(List.of(renamed)), List.of(), null))) {
                Status s = StoreScu.store(new Dimse(as), renamed);
                assertThat(s.code()).as("mode " + mode).isEqualTo(expected[mode - 1]);
                as.release();
            }
        }
    }

    @Test
    void aDataSetThatIsNotWhatTheCommandSaysIsRefusedAndNotStored() throws IOException {
        Path in = tmp.resolve("in");
        Acceptor a = startStore(in);
        Connector c = new Connector(AssociationOptions.DEFAULT);
        Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 8, 8);
        StoreScu.FileInfo info = StoreScu.inspect(f);
        StoreScu.FileInfo otherInstance = new StoreScu.FileInfo(f, info.sopClassUid(), info.sopInstanceUid() + ".9",
                info.transferSyntax());
        StoreScu.FileInfo otherClass = new StoreScu.FileInfo(f, "1.2.840.10008.5.1.4.1.1.4", info.sopInstanceUid(),
                info.transferSyntax());
        try (Association as = c.connect("127.0.0.1", a.port(), c.request(SCU, SCP,
                StoreScu.contexts(List.of(info, otherClass)), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            Status wrongInstance = StoreScu.store(dimse, otherInstance);
            assertThat(wrongInstance.code()).isEqualTo(0xC000);
            Status wrongClass = StoreScu.store(dimse, otherClass);
            assertThat(wrongClass.code()).isEqualTo(0xA900);
            assertThat(wrongClass.errorComment()).contains("CTImageStorage");
            assertThat(StoreScu.store(dimse, info)).isEqualTo(Status.SUCCESS);
            as.release();
        }
        try (var stream = Files.list(in)) {
            assertThat(stream.map(p -> p.getFileName().toString())).containsExactly(info.sopInstanceUid() + ".dcm");
        }
    }

    @Test
    void sixtyConcurrentAssociations() throws Exception {
        Path in = tmp.resolve("in");
        Acceptor a = startStore(in);
        int n = 60;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(TestCorpus.write(tmp.resolve("out"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 64, 64));
        }
        Connector c = new Connector(AssociationOptions.DEFAULT);
        CountDownLatch allOpen = new CountDownLatch(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Status>> results = new ArrayList<>();
            for (Path f : files) {
                results.add(pool.submit((Callable<Status>) () -> {
                    StoreScu.FileInfo info = StoreScu.inspect(f);
                    try (Association as = c.connect("127.0.0.1", a.port(),
                            c.request(SCU, SCP, StoreScu.contexts(List.of(info)), List.of(), null))) {
                        allOpen.countDown();
                        // All associations are open at the same time before any stores.
                        if (!allOpen.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("not all associations opened");
                        }
                        Status s = StoreScu.store(new Dimse(as), info);
                        as.release();
                        return s;
                    }
                }));
            }
            for (Future<Status> r : results) {
                assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo(Status.SUCCESS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var stream = Files.list(in)) {
            assertThat(stream.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(n);
        }
    }

    @Test
    void scuWithoutAcceptedContextGetsAClearError() throws IOException {
        Acceptor a = startStore(tmp.resolve("in"));
        Connector c = new Connector(AssociationOptions.DEFAULT);
        Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 8, 8);
        try (Association as = c.connect("127.0.0.1", a.port(),
                c.request(SCU, SCP, List.of(Verification.context(1)), List.of(), null))) {
            assertThatThrownBy(() -> StoreScu.store(new Dimse(as), StoreScu.inspect(f)))
                    .hasMessageContaining("CTImageStorage").hasMessageContaining(f.toString());
            PresentationContext pc = as.findContext(StorageSopClasses.VERIFICATION, null);
            assertThat(pc).isNotNull();
            as.release();
        }
    }


}
