package nl.zorgbrug.bsn.swap;

import static nl.zorgbrug.bsn.TestHeaders.BSN_A;
import static nl.zorgbrug.bsn.TestHeaders.BSN_B;
import static nl.zorgbrug.bsn.TestHeaders.LOCAL_ISSUER;
import static nl.zorgbrug.bsn.TestHeaders.NOT_A_BSN;
import static nl.zorgbrug.bsn.TestHeaders.OTHER_ISSUER;
import static nl.zorgbrug.bsn.TestHeaders.mpi;
import static nl.zorgbrug.bsn.swap.Applied.apply;
import static nl.zorgbrug.bsn.swap.Applied.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.TestHeaders;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

class ImportSwapTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    final SwapPolicy policy = new SwapPolicy(LOCAL_ISSUER, "ZORGBRUG", null, null);
    final ImportSwap swap = new ImportSwap(policy);
    final MasterPatientIndex mpi = CsvMasterPatientIndex.inMemory(List.of(mpi("L1", BSN_A, BsnStatus.VALIDATED)));

    /** An object as another hospital sends it: BSN with the BSN OID, its own number in the sequence. */
    static TestHeaders incoming(String bsn) {
        return TestHeaders.local("X77").id(bsn, Bsn.ISSUER_OID).otherId("X77", OTHER_ISSUER);
    }

    @Test
    void swapsTheLocalNumberInAndKeepsEveryIdInTheSequence() {
        DataSet header = incoming(BSN_A).build();
        header.setString(Tag.InstitutionName, VR.LO, "Ander Ziekenhuis");
        DataSet out = apply(header, swap.decide(header, mpi, NOW));
        assertThat(out.getString(Tag.PatientID)).isEqualTo("L1");
        assertThat(out.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        assertThat(out.getSequence(Tag.IssuerOfPatientIDQualifiersSequence).get(0).getString(Tag.UniversalEntityID))
                .isEqualTo(LOCAL_ISSUER);
        assertThat(out.getSequence(Tag.OtherPatientIDsSequence))
                .extracting(i -> i.getString(Tag.PatientID) + "@" + i.getString(Tag.IssuerOfPatientID))
                .containsExactly("X77@" + OTHER_ISSUER, BSN_A + "@" + Bsn.ISSUER_OID, "L1@" + LOCAL_ISSUER);
        DataSet record = out.getSequence(Tag.OriginalAttributesSequence).get(0);
        assertThat(record.getString(Tag.ReasonForTheAttributeModification)).isEqualTo("COERCE");
        assertThat(record.getString(Tag.SourceOfPreviousValues)).isEqualTo("Ander Ziekenhuis");
        DataSet previous = record.getSequence(Tag.ModifiedAttributesSequence).get(0);
        assertThat(previous.getString(Tag.PatientID)).isEqualTo(BSN_A);
        assertThat(previous.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        assertThat(previous.getSequence(Tag.OtherPatientIDsSequence)).hasSize(1);
    }

    @Test
    void acceptsTheIssuerGivenOnlyInTheQualifiersWithTypeIso() {
        DataSet header = incoming(BSN_A).noIssuer().qualifiers(Bsn.ISSUER_OID, "ISO").build();
        DataSet out = apply(header, swap.decide(header, mpi, NOW));
        assertThat(out.getString(Tag.PatientID)).isEqualTo("L1");
    }

    @Test
    void quarantinesQualifiersOfAnotherTypeOrContradictingTheIssuer() {
        assertThat(refused(swap.decide(incoming(BSN_A).noIssuer().qualifiers(Bsn.ISSUER_OID, "DNS").build(), mpi, NOW))
                .reason()).isEqualTo(ReasonCode.ISSUER_NOT_BSN);
        assertThat(refused(swap.decide(incoming(BSN_A).qualifiers(OTHER_ISSUER, "ISO").build(), mpi, NOW))
                .reason()).isEqualTo(ReasonCode.ISSUER_NOT_BSN);
    }

    @Test
    void quarantinesAMissingOrWrongIssuer() {
        SwapDecision.Refuse missing = refused(swap.decide(incoming(BSN_A).noIssuer().build(), mpi, NOW));
        assertThat(missing.reason()).isEqualTo(ReasonCode.ISSUER_MISSING);
        assertThat(missing.disposition()).isEqualTo(Disposition.QUARANTINE);
        assertThat(refused(swap.decide(incoming(BSN_A).id(BSN_A, OTHER_ISSUER).build(), mpi, NOW)).reason())
                .isEqualTo(ReasonCode.ISSUER_NOT_BSN);
    }

    @Test
    void quarantinesAnInvalidBsn() {
        SwapDecision.Refuse r = refused(swap.decide(incoming(NOT_A_BSN).build(), mpi, NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.INVALID_BSN);
        assertThat(r.detail()).doesNotContain(NOT_A_BSN);
        assertThat(refused(swap.decide(incoming("12345672").build(), mpi, NOW)).reason())
                .as("8 digits are not a header BSN").isEqualTo(ReasonCode.INVALID_BSN);
    }

    @Test
    void quarantinesWhenNoLocalPatientHasTheBsn() {
        SwapDecision.Refuse r = refused(swap.decide(incoming(BSN_B).build(), mpi, NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.NO_LOCAL_PATIENT);
        assertThat(r.disposition()).isEqualTo(Disposition.QUARANTINE);
    }

    @Test
    void registersAPendingPatientWhenThePolicySaysSo() {
        SwapPolicy register = policy.withUnknownPatient(UnknownPatientPolicy.REGISTER_PENDING);
        DataSet header = incoming(BSN_B).build();
        SwapDecision d = new ImportSwap(register).decide(header, mpi, NOW);
        assertThat(d).isInstanceOf(SwapDecision.RegisterPatient.class);
        assertThat(((SwapDecision.RegisterPatient) d).familyName()).isEqualTo("Vries");

        CsvMasterPatientIndex m = CsvMasterPatientIndex.inMemory(List.of(mpi("L1", BSN_A, BsnStatus.VALIDATED)));
        DataSet out = apply(header, new Importer(register, m).decide(header, NOW));
        assertThat(out.getString(Tag.PatientID)).isEqualTo("PENDING-000001");
        MpiPatient pending = m.byBsn(Bsn.parse(BSN_B), LOCAL_ISSUER).get(0);
        assertThat(pending.bsnStatus()).as("not validated by us: cannot be exported again").isEqualTo(BsnStatus.VERIFIED);
    }

    @Test
    void quarantinesWhenSeveralLocalPatientsHaveTheBsn() {
        MasterPatientIndex two = CsvMasterPatientIndex.inMemory(List.of(mpi("L1", BSN_A, BsnStatus.VALIDATED),
                mpi("L2", BSN_A, BsnStatus.VALIDATED)));
        assertThat(refused(swap.decide(incoming(BSN_A).build(), two, NOW)).reason())
                .isEqualTo(ReasonCode.AMBIGUOUS_MPI_PATIENT);
    }

    @Test
    void holdsWhenTheDemographicsDiffer() {
        SwapDecision.Refuse r = refused(swap.decide(incoming(BSN_A).birthDate("19991231").build(), mpi, NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.DEMOGRAPHICS_MISMATCH);
        assertThat(r.disposition()).isEqualTo(Disposition.HOLD);
    }

    @Test
    void quarantinesTwoDifferentBsnsInOneObject() {
        DataSet header = incoming(BSN_A).otherId(BSN_B, Bsn.ISSUER_OID).build();
        assertThat(refused(swap.decide(header, mpi, NOW)).reason()).isEqualTo(ReasonCode.BSN_CONFLICT);
    }

    @Test
    void anImportedObjectImportsAgainWithoutChange() {
        DataSet once = apply(incoming(BSN_A).build(), swap.decide(incoming(BSN_A).build(), mpi, NOW));
        assertThat(((SwapDecision.Apply) swap.decide(once, mpi, NOW)).edits()).isEmpty();
    }

    @Test
    void aLocalIssuerThatTheMpiDoesNotConfirmIsQuarantined() {
        // Carries our issuer but another local number than the MPI has for its BSN.
        DataSet forged = TestHeaders.local("L5").otherId(BSN_A, Bsn.ISSUER_OID).build();
        assertThat(refused(swap.decide(forged, mpi, NOW)).reason()).isEqualTo(ReasonCode.LOCAL_OBJECT_NOT_CONFIRMED);
        DataSet noBsn = TestHeaders.local("L1").build();
        assertThat(refused(swap.decide(noBsn, mpi, NOW)).reason()).isEqualTo(ReasonCode.ISSUER_NOT_BSN);
    }

    @Test
    void importAfterExportGivesBackTheLocalNumber() {
        ExportSwap export = new ExportSwap(policy);
        DataSet local = TestHeaders.local("L1").build();
        DataSet exported = apply(local, export.decide(local, mpi, NOW));
        DataSet imported = apply(exported, swap.decide(exported, mpi, NOW));
        assertThat(imported.getString(Tag.PatientID)).isEqualTo("L1");
        assertThat(imported.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        assertThat(imported.getSequence(Tag.OriginalAttributesSequence)).hasSize(2);
    }

    @Test
    void aNonOidLocalIssuerRemovesTheBsnQualifiers() {
        ImportSwap named = new ImportSwap(SwapPolicy.of("HOSP_A"));
        MasterPatientIndex m = CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("L1", "HOSP_A",
                Bsn.parse(BSN_A), BsnStatus.VALIDATED, null, null, null, null)));
        DataSet header = incoming(BSN_A).qualifiers(Bsn.ISSUER_OID, "ISO").build();
        DataSet out = apply(header, named.decide(header, m, NOW));
        assertThat(out.contains(Tag.IssuerOfPatientIDQualifiersSequence)).isFalse();
        assertThat(out.getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_A");
    }

    @Test
    void holdsWhenTheIncomingSequenceCarriesAnotherLocalNumberOfOurs() {
        DataSet header = incoming(BSN_A).otherId("L7", LOCAL_ISSUER).build();
        assertThat(refused(swap.decide(header, mpi, NOW)).reason()).isEqualTo(ReasonCode.LOCAL_ID_CONFLICT);
    }

    @Test
    void aLocalNumberThatTheObjectsCharacterSetCannotHoldIsQuarantinedNotMangled() {
        MasterPatientIndex m = CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("Ł-7", LOCAL_ISSUER,
                Bsn.parse(BSN_A), BsnStatus.VALIDATED, null, null, null, null)));
        DataSet latin1 = incoming(BSN_A).build();
        SwapDecision.Refuse r = refused(swap.decide(latin1, m, NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.TEXT_NOT_ENCODABLE);
        assertThat(r.detail()).contains("ISO_IR 100");
    }

    @Test
    void aPatientWithAnIdentityConflictIsNotImportedToAutomatically() {
        CsvMasterPatientIndex m = CsvMasterPatientIndex.inMemory(List.of(mpi("L1", BSN_A, BsnStatus.VALIDATED)
                .withConflict(new nl.zorgbrug.bsn.mpi.IdentityConflict(
                        nl.zorgbrug.bsn.mpi.IdentityConflict.Kind.INVALID_BSN, "PID-3", NOW))));
        SwapDecision d = swap.decide(incoming(BSN_A).build(), m, NOW);
        assertThat(d).isInstanceOf(SwapDecision.Refuse.class);
        assertThat(((SwapDecision.Refuse) d).reason()).isEqualTo(ReasonCode.LOCAL_PATIENT_CONFLICTED);
        assertThat(((SwapDecision.Refuse) d).disposition()).isEqualTo(Disposition.QUARANTINE);
    }
}
