package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.gateway.addressbook.InMemoryAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * How C-STORE records what it sends: each instance is on the wire before it goes, and the receiver's answer to it
 * goes into the database in one unit of work with the next instance's mark (issue 14: two commits per instance
 * made the node slower than before the seams), the last answer before the job is DONE.
 */
class CStoreTransportTest {
    static final String STUDY = "2.25.9301";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path tmp;

    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final AtomicLong jobId = new AtomicLong(-1);
    /** Per unit of work that changed instances of the job: SOP Instance UID → its status and acknowledgement after. */
    final List<Map<String, String>> units = new ArrayList<>();

    /** Units of work that note which instances of the job each one changed. */
    final Transactions transactions = Transactions.around(new Transactions.Unit() {
        @Override
        public <T> T run(Supplier<T> work) {
            Map<String, String> before = instances();
            T result = work.get();
            Map<String, String> changed = new LinkedHashMap<>(instances());
            changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
            if (!changed.isEmpty()) {
                units.add(changed);
            }
            return result;
        }
    });

    private Map<String, String> instances() {
        Map<String, String> now = new LinkedHashMap<>();
        if (jobId.get() >= 0) {
            for (JobInstance i : jobs.instances(jobId.get())) {
                now.put(i.sopInstanceUid(), i.acknowledged() ? "acknowledged"
                        : i.status() == JobInstance.ON_THE_WIRE ? "on the wire" : "status " + i.status());
            }
        }
        return now;
    }

    @Test
    void eachAnswerIsRecordedWithTheNextInstancesMarkAndTheLastBeforeTheJobIsDone() throws Exception {
        JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                JobAlerts.logged());
        Spool spool = new Spool(tmp.resolve("spool"));
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "dest", false, List.of());
        Job job = null;
        for (int n = 1; n <= 3; n++) {
            String sop = STUDY + "." + n;
            spool.forRoute(route.name()).store(STUDY, sop, out -> Part10Writer.write(ct(sop), out));
            job = manager.accept(STUDY, "dest", Direction.EXPORT, null, new JobInstance(0, sop, CT, 100, -1, false, false));
        }
        jobId.set(job.id());
        List<String> seenAtReceiver = new ArrayList<>();
        DicomServer receiver = new DicomServer(Map.of("DEST", Set.of()), (request, data) -> {
            data.transferTo(OutputStream.nullOutputStream());
            // What the database says while the receiver holds the instance: it went out marked, never unrecorded.
            seenAtReceiver.add(request.sopInstanceUid() + " " + instances().get(request.sopInstanceUid()));
            return Status.SUCCESS;
        });
        try (Acceptor dest = new Acceptor(receiver, receiver, AssociationOptions.DEFAULT, 5)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            InMemoryAddressBook book = new InMemoryAddressBook();
            book.save(new Institution("dest", "Destination", null, null, null, "DEST", "127.0.0.1", dest.port(), false,
                    null, null, null));
            CStoreTransport cStore = CStoreTransport.builder("ZORGBRUG", new Connector(AssociationOptions.DEFAULT))
                    .build();
            Job done = new JobDelivery(new JobDelivery.Parts(spool, book, j -> route, manager, jobs,
                    Transports.of(cStore), Clock.systemUTC())).deliver(job);

            assertThat(done.state()).isEqualTo(JobState.DONE);
        }
        assertThat(seenAtReceiver).containsExactly(STUDY + ".1 on the wire", STUDY + ".2 on the wire",
                STUDY + ".3 on the wire");
        assertThat(units).as("units of work that changed instances").containsExactly(
                Map.of(STUDY + ".1", "acknowledged", STUDY + ".2", "on the wire"),
                Map.of(STUDY + ".2", "acknowledged", STUDY + ".3", "on the wire"));
        assertThat(jobs.instances(job.id())).hasSize(3).allMatch(JobInstance::acknowledged);
    }

    private static DicomFile ct(String sop) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientID, VR.LO, "PAT-1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".0");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[64]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        return new DicomFile(null, FileMetaInformation.create(CT, sop, ts, "TEST"), ds, ts, true);
    }
}
