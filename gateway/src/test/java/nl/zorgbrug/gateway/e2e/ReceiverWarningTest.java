package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobState;

/**
 * A C-STORE warning (PS3.4 B.2.3: 0xB000 coercion of data elements, 0xB006 elements discarded, 0xB007 data set
 * does not match SOP class) means the receiver stored the instance: the job ends DONE, each instance is stored
 * once (no retry sends it again), and the warning is recorded per instance with its status and comment.
 */
class ReceiverWarningTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0xB000, 0xB006, 0xB007})
    void aWarningIsSuccessWithTheWarningRecorded(int warning) throws Exception {
        Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
        DicomServer receiver = new DicomServer(Map.of("WARNS", Set.of()), (request, data) -> {
            data.transferTo(java.io.OutputStream.nullOutputStream());
            stored.computeIfAbsent(request.sopInstanceUid(), k -> new AtomicInteger()).incrementAndGet();
            return new Status(warning, null).withComment("coerced PatientName");
        });
        try (Acceptor acceptor = new Acceptor(receiver, receiver, AssociationOptions.DEFAULT, 5)
                .start(InetAddress.getLoopbackAddress(), 0);
             TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            gateway.book.save(new Institution("umcx", "UMC X", null, null, "2.16.528.1.1007.99.2", "WARNS",
                    "127.0.0.1", acceptor.port(), false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = List.of(
                    GatewayDcmtkTest.ct(in, "a", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.8008", 1, false),
                    GatewayDcmtkTest.ct(in, "b", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.8008", 2, false));
            assertThat(StoreScu.send(new Connector(AssociationOptions.DEFAULT), "OWNPACS", "ZB_EXPORT", "127.0.0.1",
                    gateway.port(), files, (o, d, t) -> { })).allMatch(StoreScu.Outcome::ok);

            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            Thread.sleep(500);
            assertThat(gateway.jobs.find(done.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
            assertThat(done.attempts()).as("no retry").isEqualTo(1);
            assertThat(stored).hasSize(2).allSatisfy((uid, n) -> assertThat(n.get()).as(uid).isEqualTo(1));
            assertThat(gateway.jobs.instances(done.id())).hasSize(2)
                    .allMatch(JobInstance::acknowledged).allMatch(i -> i.status() == warning);
            List<String> warnings = gateway.jobs.events().stream()
                    .filter(e -> e.contains(" job " + done.id() + " system warning ")).toList();
            assertThat(warnings).hasSize(2);
            for (Path f : files) {
                String uid = StoreScu.inspect(f).sopInstanceUid();
                assertThat(warnings).filteredOn(e -> e.contains(uid)).singleElement().asString()
                        .contains(String.format("0x%04X", warning)).contains("coerced PatientName");
            }
            assertThat(gateway.alerts).as("no alert unless configured").isEmpty();
        }
    }
}
