package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;

/** C-FIND between our SCU and our SCP: matching through the pluggable handler, pending responses, cancel. */
class QueryLoopbackTest {
    static final String SCP = "ZB_QR";

    Acceptor acceptor;

    @AfterEach
    void stop() {
        acceptor.close();
    }

    Association connect() throws IOException {
        Connector c = new Connector(AssociationOptions.DEFAULT);
        return c.connect("127.0.0.1", acceptor.port(), c.request("ZB_SCU", SCP,
                List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_FIND),
                        QueryRetrieve.context(3, QueryRetrieve.PATIENT_ROOT_FIND), Verification.context(5)),
                List.of(), null));
    }

    @Test
    void findsStudiesByBsnInOtherPatientIdsSequence() throws IOException {
        List<DataSet> studies = List.of(AttributeMatcherTest.patient(), AttributeMatcherTest.patient()
                .setString(Tag.StudyInstanceUID, VR.UI, "1.2.3.5").setString(Tag.PatientID, VR.LO, "LOCAL-99"));
        studies.get(1).remove(Tag.OtherPatientIDsSequence);
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), null)
                .withFindHandler(new InMemoryFindHandler(rq -> studies));
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        DataSet keys = new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        keys.setBytes(Tag.StudyInstanceUID, VR.UI, new byte[0]);
        DataSet item = DataSet.itemOf(keys);
        item.setString(Tag.PatientID, VR.LO, "999911120");
        item.setString(Tag.IssuerOfPatientID, VR.LO, AttributeMatcherTest.BSN_ISSUER);
        keys.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
        List<DataSet> matches = new ArrayList<>();
        try (Association as = connect()) {
            Status s = FindScu.find(new Dimse(as), QueryRetrieve.STUDY_ROOT_FIND, keys, matches::add);
            assertThat(s).isEqualTo(Status.SUCCESS);
            as.release();
        }
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).getString(Tag.StudyInstanceUID)).isEqualTo("1.2.3.4");
        assertThat(matches.get(0).getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cancelStopsAnEndlessQuery() throws IOException {
        AtomicInteger produced = new AtomicInteger();
        CFindHandler endless = (rq, keys) -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public DataSet next() {
                return new DataSet().setString(Tag.PatientID, VR.LO, "P" + produced.incrementAndGet());
            }
        };
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), null).withFindHandler(endless);
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        AtomicInteger received = new AtomicInteger();
        try (Association as = connect()) {
            Dimse dimse = new Dimse(as);
            Status s = FindScu.find(dimse, QueryRetrieve.PATIENT_ROOT_FIND,
                    new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "PATIENT")
                            .setBytes(Tag.PatientID, VR.LO, new byte[0]),
                    m -> received.incrementAndGet() < 3);
            assertThat(s).isEqualTo(Status.CANCEL);
            // The association is still usable after a cancelled query.
            assertThat(Verification.echo(dimse)).isEqualTo(Status.SUCCESS);
            as.release();
        }
        assertThat(received.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void handlerFailureBecomesTheFinalStatus() throws IOException {
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), null).withFindHandler((rq, keys) -> {
            throw new nl.zorgbrug.dicom.net.dimse.DimseStatusException(new Status(0xA900, null), "bad identifier");
        });
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        try (Association as = connect()) {
            Status s = FindScu.find(new Dimse(as), QueryRetrieve.STUDY_ROOT_FIND,
                    new DataSet().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY"), m -> true);
            assertThat(s.code()).isEqualTo(0xA900);
            assertThat(s.errorComment()).isEqualTo("bad identifier");
            as.release();
        }
    }
}
