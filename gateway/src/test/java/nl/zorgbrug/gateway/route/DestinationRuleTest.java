package nl.zorgbrug.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.spool.Spool;

class DestinationRuleTest {
    @TempDir
    Path tmp;

    private static DataSet object(String sop, String department) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, sop + ".0");
        ds.setString(Tag.Modality, VR.CS, "CT");
        if (department != null) {
            ds.setString(Tag.InstitutionalDepartmentName, VR.LO, department);
        }
        return ds;
    }

    @Test
    void theFirstMatchingRuleChoosesTheDestinationElseTheRoutesOwn() {
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of(), List.of(
                DestinationRule.of("InstitutionalDepartmentName", "Cardio.*", "hartcentrum"),
                DestinationRule.of("(0008,0060)", "MR|CT", "radiologie")));
        assertThat(route.destinationFor(object("2.25.1", "Cardiologie"))).isEqualTo("hartcentrum");
        assertThat(route.destinationFor(object("2.25.2", "Neurologie"))).isEqualTo("radiologie");
        DataSet noModality = object("2.25.3", "Neurologie");
        noModality.remove(Tag.Modality);
        assertThat(route.destinationFor(noModality)).isEqualTo("umcx");
        // The expression must match the whole value, not a part of it.
        assertThat(route.destinationFor(object("2.25.4", "Kindercardiologie"))).isEqualTo("radiologie");
        assertThat(route.destinations()).containsExactly("umcx", "hartcentrum", "radiologie");
    }

    @Test
    void aRuleThatCannotWorkIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> DestinationRule.of("InstitutionDepartment", ".*", "x"))
                .hasMessageContaining("'InstitutionDepartment' is neither a DICOM keyword");
        assertThatThrownBy(() -> DestinationRule.of("Modality", "CT(", "x"))
                .hasMessageContaining("'CT(' is not a regular expression");
        assertThatThrownBy(() -> DestinationRule.of("Modality", "CT", " "))
                .hasMessageContaining("no destination");
        assertThat(DestinationRule.of("00081040", ".*", "x").tag()).isEqualTo(Tag.InstitutionalDepartmentName);
    }

    @Test
    void aReceivedObjectJoinsAJobForTheDestinationItsRuleChose() throws Exception {
        InMemoryJobRepository jobs = new InMemoryJobRepository();
        JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC());
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of(), List.of(
                DestinationRule.of("InstitutionalDepartmentName", "Cardio.*", "hartcentrum")));
        GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(new Spool(tmp.resolve("spool")),
                List.of(route), manager, jobs, new InMemoryQuarantine(), Duration.ofMinutes(1), Clock.systemUTC(),
                GatewayEvents.none())));
        for (String[] o : new String[][] {{"2.25.11", "Cardiologie"}, {"2.25.12", "Longziekten"}}) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            new DicomWriter(data).writeDataSet(object(o[0], o[1]), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            Status status = handler.store(new StoreRequest("PACS", "ZB_EXPORT", "1.2.840.10008.5.1.4.1.1.2", o[0],
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 0, null, 0), new ByteArrayInputStream(data.toByteArray()));
            assertThat(status.isSuccess()).as(status.toString()).isTrue();
        }
        assertThat(jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1))))
                .extracting(Job::studyInstanceUid, Job::destination)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("2.25.11.0", "hartcentrum"),
                        org.assertj.core.groups.Tuple.tuple("2.25.12.0", "umcx"));
    }
}
