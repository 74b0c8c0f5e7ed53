package nl.zorgbrug.bsn.swap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.StreamingEditor;

class ManualLinkTest {
    private static final String LOCAL = "2.16.528.1.1007.99.1";
    private final MpiPatient patient = new MpiPatient("PAT-7", LOCAL, Bsn.parse("999911120"), BsnStatus.VALIDATED,
            "Vries", "Ëlla", "19700101", "F");

    @Test
    void linksAnObjectWithAForeignIssuerToTheChosenPatientAndKeepsItsId() {
        DataSet header = new DataSet();
        header.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        header.setString(Tag.PatientName, VR.PN, "Vries^Ëlla");
        header.setString(Tag.PatientID, VR.LO, "EXT-55");
        header.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.2");
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        SwapDecision.Apply linked = new ManualLink(SwapPolicy.of(LOCAL)).link(header, patient, now);
        DataSet after = header.copy();
        StreamingEditor.apply(after, linked.edits());
        assertThat(after.getString(Tag.PatientID)).isEqualTo("PAT-7");
        assertThat(after.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL);
        assertThat(after.getSequence(Tag.OtherPatientIDsSequence)).extracting(i -> i.getString(Tag.PatientID))
                .containsExactly("EXT-55", "999911120", "PAT-7");
        assertThat(after.getSequence(Tag.OriginalAttributesSequence)).hasSize(1);

        // Afterwards the import swap sees a local object and lets it through as it is.
        SwapDecision again = new ImportSwap(SwapPolicy.of(LOCAL)).decide(after,
                CsvMasterPatientIndex.inMemory(List.of(patient)), now);
        assertThat(again).isInstanceOf(SwapDecision.Apply.class);
    }

    @Test
    void onDeliveryTheLinkIsLookedUpAgainAndAPatientGoneFromTheMpiIsRefused() {
        DataSet header = new DataSet();
        header.setString(Tag.PatientID, VR.LO, "EXT-56");
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        ManualLink link = new ManualLink(SwapPolicy.of(LOCAL));
        SwapDecision found = link.decide(header, CsvMasterPatientIndex.inMemory(List.of(patient)), "PAT-7", now);
        assertThat(found).isInstanceOfSatisfying(SwapDecision.Apply.class, apply -> {
            DataSet after = header.copy();
            StreamingEditor.apply(after, apply.edits());
            assertThat(after.getString(Tag.PatientID)).isEqualTo("PAT-7");
            assertThat(after.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL);
        });
        SwapDecision gone = link.decide(header, CsvMasterPatientIndex.inMemory(List.of()), "PAT-7", now);
        assertThat(gone).isInstanceOfSatisfying(SwapDecision.Refuse.class, r -> {
            assertThat(r.reason()).isEqualTo(ReasonCode.LINKED_PATIENT_NOT_IN_MPI);
            assertThat(r.disposition()).isEqualTo(Disposition.QUARANTINE);
        });
    }
}
