package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.CFindHandler;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;

/** The in-doubt question to a receiver, against our own C-FIND SCP: what is asked, and what counts as an answer. */
class InDoubtInstancesTest {
    static final String STUDY = "2.25.8001";

    private final InDoubtInstances inDoubt = new InDoubtInstances("ZORGBRUG");
    private final Connector connector = new Connector(AssociationOptions.DEFAULT);

    private static DataSet instance(String series, String sop) {
        return new DataSet().setString(Tag.StudyInstanceUID, VR.UI, STUDY).setString(Tag.SeriesInstanceUID, VR.UI, series)
                .setString(Tag.SOPInstanceUID, VR.UI, sop);
    }

    private Acceptor receiver(CFindHandler find) throws Exception {
        DicomServer server = new DicomServer(Map.of("PACS", Set.of()), null);
        if (find != null) {
            server = server.withFindHandler(find);
        }
        return new Acceptor(server, server, AssociationOptions.DEFAULT, 5).start(InetAddress.getLoopbackAddress(), 0);
    }

    private static DicomEndpoint pacs(int port) {
        return DicomEndpoint.of("PACS", "127.0.0.1", port);
    }

    @Test
    void asksPerSeriesAtImageLevelAndCountsOnlyTheInstancesInDoubt() throws Exception {
        List<DataSet> asked = new ArrayList<>();
        try (Acceptor a = receiver((rq, keys) -> {
            asked.add(keys);
            // The receiver also holds an instance that is not in doubt: it must not be counted.
            return List.of(instance(keys.getString(Tag.SeriesInstanceUID), STUDY + ".1.1"),
                    instance(keys.getString(Tag.SeriesInstanceUID), STUDY + ".1.9")).iterator();
        })) {
            InDoubtInstances.Answer answer = inDoubt.ask(connector, pacs(a.port()), STUDY,
                    Map.of(STUDY + ".1", Set.of(STUDY + ".1.1", STUDY + ".1.2")));
            assertThat(answer.asked()).isTrue();
            assertThat(answer.present()).containsExactly(STUDY + ".1.1");
        }
        assertThat(asked).hasSize(1);
        DataSet keys = asked.get(0);
        assertThat(keys.getString(Tag.QueryRetrieveLevel)).isEqualTo("IMAGE");
        assertThat(keys.getString(Tag.StudyInstanceUID)).isEqualTo(STUDY);
        assertThat(keys.getString(Tag.SeriesInstanceUID)).isEqualTo(STUDY + ".1");
        assertThat(keys.contains(Tag.SOPInstanceUID)).as("SOP Instance UID asked for, universal matching").isTrue();
    }

    @Test
    void aFailedQueryCountsNothingAsPresent() throws Exception {
        try (Acceptor a = receiver((rq, keys) -> {
            throw new DimseStatusException(Status.CANNOT_UNDERSTAND, "index unavailable");
        })) {
            InDoubtInstances.Answer answer = inDoubt.ask(connector, pacs(a.port()), STUDY,
                    Map.of(STUDY + ".1", Set.of(STUDY + ".1.1")));
            assertThat(answer.asked()).isFalse();
            assertThat(answer.present()).isEmpty();
            assertThat(answer.notAskedBecause()).contains("C000");
        }
    }

    @Test
    void aReceiverWithoutCFindCannotBeAsked() throws Exception {
        try (Acceptor a = receiver(null)) {
            InDoubtInstances.Answer answer = inDoubt.ask(connector, pacs(a.port()), STUDY,
                    Map.of(STUDY + ".1", Set.of(STUDY + ".1.1")));
            assertThat(answer.asked()).isFalse();
            assertThat(answer.present()).isEmpty();
        }
    }
}
