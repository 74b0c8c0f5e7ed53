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
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

class ExportSwapTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:15:30.123Z");
    final ExportSwap swap = new ExportSwap(new SwapPolicy(LOCAL_ISSUER, "ZORGBRUG", "Testziekenhuis", null));

    static MasterPatientIndex mpiWith(MpiPatient... patients) {
        return CsvMasterPatientIndex.inMemory(List.of(patients));
    }

    @Test
    void swapsTheBsnFromTheMpiIntoThePatientIdAndKeepsTheLocalNumberInTheSequence() {
        DataSet header = TestHeaders.local("L1").build();
        DataSet out = apply(header, swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW));

        assertThat(out.getString(Tag.PatientID)).isEqualTo(BSN_A);
        assertThat(out.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        DataSet q = out.getSequence(Tag.IssuerOfPatientIDQualifiersSequence).get(0);
        assertThat(q.getString(Tag.UniversalEntityID)).isEqualTo(Bsn.ISSUER_OID);
        assertThat(q.getString(Tag.UniversalEntityIDType)).isEqualTo("ISO");

        List<DataSet> seq = out.getSequence(Tag.OtherPatientIDsSequence);
        assertThat(seq).hasSize(2);
        assertThat(seq.get(0).getString(Tag.PatientID)).isEqualTo("L1");
        assertThat(seq.get(0).getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        assertThat(seq.get(0).getString(Tag.TypeOfPatientID)).isEqualTo("TEXT");
        assertThat(seq.get(1).getString(Tag.PatientID)).isEqualTo(BSN_A);
        assertThat(seq.get(1).getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        assertThat(out.getString(Tag.PatientName)).isEqualTo("Vries^Ëlla");
    }

    @Test
    void recordsThePreviousValuesInTheOriginalAttributesSequence() {
        DataSet header = TestHeaders.local("L1").build();
        DataSet out = apply(header, swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW));

        List<DataSet> oas = out.getSequence(Tag.OriginalAttributesSequence);
        assertThat(oas).hasSize(1);
        DataSet record = oas.get(0);
        assertThat(record.getString(Tag.ReasonForTheAttributeModification)).isEqualTo("COERCE");
        assertThat(record.getString(Tag.ModifyingSystem)).isEqualTo("ZORGBRUG");
        assertThat(record.getString(Tag.SourceOfPreviousValues)).isEqualTo("Testziekenhuis");
        assertThat(record.getString(Tag.AttributeModificationDateTime)).isEqualTo("20261125101530.123000+0000");
        DataSet previous = record.getSequence(Tag.ModifiedAttributesSequence).get(0);
        assertThat(previous.getString(Tag.PatientID)).isEqualTo("L1");
        assertThat(previous.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        assertThat(previous.contains(Tag.OtherPatientIDsSequence)).as("added sequence recorded, empty").isTrue();
        assertThat(previous.getSequence(Tag.OtherPatientIDsSequence)).isEmpty();
        assertThat(previous.getSequence(Tag.IssuerOfPatientIDQualifiersSequence)).isEmpty();
    }

    @Test
    void keepsExistingOriginalAttributesItems() {
        DataSet header = TestHeaders.local("L1").build();
        DataSet once = apply(header, swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW));
        // Swap back in by hand and export again: the first record must survive untouched.
        DataSet local = once.copy();
        local.setString(Tag.PatientID, nl.zorgbrug.dicom.data.VR.LO, "L1");
        local.setString(Tag.IssuerOfPatientID, nl.zorgbrug.dicom.data.VR.LO, LOCAL_ISSUER);
        DataSet twice = apply(local, swap.decide(local, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW));
        List<DataSet> oas = twice.getSequence(Tag.OriginalAttributesSequence);
        assertThat(oas).hasSize(2);
        assertThat(oas.get(0).contentEquals(once.getSequence(Tag.OriginalAttributesSequence).get(0))).isTrue();
    }

    @Test
    void usesTheBsnItemOfTheSequenceWhenItAgreesWithTheMpi() {
        DataSet header = TestHeaders.local("L1").otherId(BSN_A, Bsn.ISSUER_OID).build();
        DataSet out = apply(header, swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW));
        assertThat(out.getString(Tag.PatientID)).isEqualTo(BSN_A);
        List<DataSet> seq = out.getSequence(Tag.OtherPatientIDsSequence);
        assertThat(seq).hasSize(2);
        assertThat(seq.get(0).getString(Tag.PatientID)).as("existing item first, unchanged").isEqualTo(BSN_A);
        assertThat(seq.get(1).getString(Tag.PatientID)).isEqualTo("L1");
    }

    @Test
    void holdsWhenTheSequenceBsnDiffersFromTheMpis() {
        DataSet header = TestHeaders.local("L1").otherId(BSN_B, Bsn.ISSUER_OID).build();
        SwapDecision.Refuse r = refused(swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.BSN_MISMATCH);
        assertThat(r.disposition()).isEqualTo(Disposition.HOLD);
        assertThat(r.detail()).doesNotContain(BSN_A).doesNotContain(BSN_B);
    }

    @Test
    void holdsWhenTheMpiBsnIsOnlyVerified() {
        DataSet header = TestHeaders.local("L1").build();
        SwapDecision.Refuse r = refused(swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VERIFIED)), NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.BSN_NOT_VALIDATED);
        assertThat(r.messageNl()).contains("gevalideerd");
        assertThat(r.messageEn()).contains("validated");
    }

    @Test
    void exportsWhenTheBsnIsVerifiedAndValidatedButHoldsWhenItIsUncheckedOrConflicted() {
        DataSet header = TestHeaders.local("L1").build();
        assertThat(swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VERIFIED_AND_VALIDATED)), NOW))
                .isInstanceOf(SwapDecision.Apply.class);
        assertThat(refused(swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.UNCHECKED)), NOW)).reason())
                .isEqualTo(ReasonCode.BSN_NOT_VALIDATED);
        MpiPatient conflicted = mpi("L1", BSN_A, BsnStatus.VERIFIED_AND_VALIDATED).withConflict(
                new IdentityConflict(IdentityConflict.Kind.DUPLICATE_BSN, "PID-3", NOW));
        SwapDecision.Refuse r = refused(swap.decide(header, mpiWith(conflicted), NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.IDENTITY_CONFLICT);
        assertThat(r.disposition()).isEqualTo(Disposition.HOLD);
    }

    @Test
    void holdsWhenTheMpiKnowsNoBsn() {
        DataSet header = TestHeaders.local("L1").build();
        assertThat(refused(swap.decide(header, mpiWith(mpi("L1", null, BsnStatus.NONE)), NOW)).reason())
                .isEqualTo(ReasonCode.NO_BSN);
        DataSet withSeq = TestHeaders.local("L1").otherId(BSN_A, Bsn.ISSUER_OID).build();
        assertThat(refused(swap.decide(withSeq, mpiWith(mpi("L1", null, BsnStatus.NONE)), NOW)).reason())
                .isEqualTo(ReasonCode.BSN_NOT_VALIDATED);
    }

    @Test
    void holdsWhenThePatientIsNotInTheMpi() {
        DataSet header = TestHeaders.local("L9").build();
        assertThat(refused(swap.decide(header, mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED)), NOW)).reason())
                .isEqualTo(ReasonCode.PATIENT_NOT_IN_MPI);
    }

    @Test
    void holdsWhenNameOrBirthDateClearlyDiffer() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        assertThat(refused(swap.decide(TestHeaders.local("L1").name("Jansen^Piet").build(), m, NOW)).reason())
                .isEqualTo(ReasonCode.DEMOGRAPHICS_MISMATCH);
        assertThat(refused(swap.decide(TestHeaders.local("L1").birthDate("19700102").build(), m, NOW)).reason())
                .isEqualTo(ReasonCode.DEMOGRAPHICS_MISMATCH);
        assertThat(refused(swap.decide(TestHeaders.local("L1").name("Vries^Anna").build(), m, NOW)).reason())
                .isEqualTo(ReasonCode.DEMOGRAPHICS_MISMATCH);
    }

    @Test
    void spellingDifferencesAreNotClearDifferences() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        for (String name : List.of("VRIES^ELLA", "de Vries^E", "Vries^Ëlla^^Mevr.", "Vries")) {
            assertThat(swap.decide(TestHeaders.local("L1").name(name).build(), m, NOW))
                    .as(name).isInstanceOf(SwapDecision.Apply.class);
        }
    }

    @Test
    void holdsWithoutIssuerOrWithAForeignIssuerOrWithoutPatientId() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        assertThat(refused(swap.decide(TestHeaders.local("L1").noIssuer().build(), m, NOW)).reason())
                .isEqualTo(ReasonCode.LOCAL_ISSUER_MISSING);
        assertThat(refused(swap.decide(TestHeaders.local("L1").id("L1", OTHER_ISSUER).build(), m, NOW)).reason())
                .isEqualTo(ReasonCode.FOREIGN_ISSUER);
        DataSet noId = TestHeaders.local("L1").build();
        noId.remove(Tag.PatientID);
        assertThat(refused(swap.decide(noId, m, NOW)).reason()).isEqualTo(ReasonCode.NO_PATIENT_ID);
    }

    @Test
    void aPatientIdWithoutIssuerIsTakenAsLocalOnlyWhenToldSo() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        DataSet header = TestHeaders.local("L1").noIssuer().build();
        assertThat(refused(swap.decide(header, m, NOW, MissingIssuer.HOLD)).reason())
                .isEqualTo(ReasonCode.LOCAL_ISSUER_MISSING);

        DataSet out = apply(header, swap.decide(header, m, NOW, MissingIssuer.ASSUME_LOCAL));
        assertThat(out.getString(Tag.PatientID)).isEqualTo(BSN_A);
        assertThat(out.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        assertThat(out.getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.IssuerOfPatientID))
                .as("the assumed issuer is written with the local number").isEqualTo(LOCAL_ISSUER);
        DataSet previous = out.getSequence(Tag.OriginalAttributesSequence).get(0)
                .getSequence(Tag.ModifiedAttributesSequence).get(0);
        assertThat(previous.getString(Tag.PatientID)).isEqualTo("L1");
        assertThat(previous.getString(Tag.IssuerOfPatientID)).as("no issuer, as received").isNullOrEmpty();

        // The assumption is only about a missing issuer: a foreign one is still held.
        assertThat(refused(swap.decide(TestHeaders.local("L1").id("L1", OTHER_ISSUER).build(), m, NOW,
                MissingIssuer.ASSUME_LOCAL)).reason()).isEqualTo(ReasonCode.FOREIGN_ISSUER);
        // And the MPI must still know the number.
        assertThat(refused(swap.decide(TestHeaders.local("L9").noIssuer().build(), m, NOW,
                MissingIssuer.ASSUME_LOCAL)).reason()).isEqualTo(ReasonCode.PATIENT_NOT_IN_MPI);
    }

    @Test
    void holdsOnAnInvalidOrASecondBsnInTheObject() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        assertThat(refused(swap.decide(TestHeaders.local("L1").otherId(NOT_A_BSN, Bsn.ISSUER_OID).build(), m, NOW))
                .reason()).isEqualTo(ReasonCode.INVALID_BSN);
        assertThat(refused(swap.decide(TestHeaders.local("L1").otherId(BSN_A, Bsn.ISSUER_OID)
                .otherId(BSN_B, Bsn.ISSUER_OID).build(), m, NOW)).reason()).isEqualTo(ReasonCode.BSN_CONFLICT);
    }

    @Test
    void aSecondExportChangesNothing() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        DataSet header = TestHeaders.local("L1").build();
        DataSet once = apply(header, swap.decide(header, m, NOW));
        SwapDecision again = swap.decide(once, m, NOW.plusSeconds(60));
        assertThat(((SwapDecision.Apply) again).edits()).isEmpty();
    }

    @Test
    void anObjectAlreadyCarryingTheBsnIsCompletedNotChangedAgain() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        DataSet header = TestHeaders.local("L1").id(BSN_A, Bsn.ISSUER_OID).build();
        DataSet out = apply(header, swap.decide(header, m, NOW));
        assertThat(out.getString(Tag.PatientID)).isEqualTo(BSN_A);
        assertThat(out.getSequence(Tag.OtherPatientIDsSequence)).extracting(i -> i.getString(Tag.PatientID))
                .containsExactly("L1", BSN_A);
        assertThat(out.getSequence(Tag.IssuerOfPatientIDQualifiersSequence)).hasSize(1);
    }

    @Test
    void anObjectAlreadyCarryingAnInvalidBsnIsHeld() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        DataSet header = TestHeaders.local("L1").id(NOT_A_BSN, Bsn.ISSUER_OID).build();
        assertThat(refused(swap.decide(header, m, NOW)).reason()).isEqualTo(ReasonCode.INVALID_BSN);
    }

    @Test
    void utf8NamesAreWrittenInTheObjectsCharacterSet() {
        MasterPatientIndex m = mpiWith(new MpiPatient("L1", LOCAL_ISSUER, Bsn.parse(BSN_A), BsnStatus.VALIDATED,
                "Øster", "Zoë", null, null));
        DataSet header = TestHeaders.empty().name("Øster^Zoë").id("L1", LOCAL_ISSUER).build();
        DataSet out = apply(header, swap.decide(header, m, NOW));
        assertThat(out.getString(Tag.PatientName)).isEqualTo("Øster^Zoë");
        assertThat(out.getString(Tag.PatientID)).isEqualTo(BSN_A);
    }

    @Test
    void holdsWhenTheSequenceHoldsAnotherLocalNumber() {
        MasterPatientIndex m = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        DataSet header = TestHeaders.local("L1").otherId("L7", LOCAL_ISSUER).build();
        SwapDecision.Refuse r = refused(swap.decide(header, m, NOW));
        assertThat(r.reason()).isEqualTo(ReasonCode.LOCAL_ID_CONFLICT);
        assertThat(r.disposition()).isEqualTo(Disposition.HOLD);
    }

    /**
     * Issue 16: after the EPD merged L7 into L1, an object still carrying L7 in (0010,1002) beside L1 is the same
     * patient: exported, L7 kept in the sequence as the alias it is, L1 and the BSN added. Only what the MPI port says
     * is an alias counts (in the node: the merges it was told, FollowingMerges); any other number still holds.
     */
    @Test
    void aNumberMergedIntoThePatientIsAnAliasNotASecondPatient() {
        MasterPatientIndex stored = mpiWith(mpi("L1", BSN_A, BsnStatus.VALIDATED));
        MasterPatientIndex merged = new MasterPatientIndex() {
            @Override
            public java.util.Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
                return stored.byLocalId(localId.equals("L7") ? "L1" : localId, localIssuer);
            }

            @Override
            public List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
                return stored.byBsn(bsn, localIssuer);
            }

            @Override
            public MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName,
                                              String birthDate, String sex) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean names(String localId, String patientLocalId, String localIssuer) {
                return localId.equals(patientLocalId) || (localId.equals("L7") && patientLocalId.equals("L1"));
            }
        };
        DataSet header = TestHeaders.local("L1").otherId("L7", LOCAL_ISSUER).build();
        DataSet out = apply(header, swap.decide(header, merged, NOW));
        assertThat(out.getString(Tag.PatientID)).isEqualTo(BSN_A);
        List<String> ids = out.getSequence(Tag.OtherPatientIDsSequence).stream()
                .map(item -> item.getString(Tag.PatientID)).toList();
        assertThat(ids).contains("L7", "L1", BSN_A);

        // The prior number as the object's own Patient ID, the survivor in the sequence: the same patient too.
        DataSet prior = TestHeaders.local("L7").otherId("L1", LOCAL_ISSUER).build();
        assertThat(swap.decide(prior, merged, NOW)).isInstanceOf(SwapDecision.Apply.class);

        // Without the merge (the stored MPI alone) L7 is another patient of ours: held, as before.
        assertThat(refused(swap.decide(header, stored, NOW)).reason()).isEqualTo(ReasonCode.LOCAL_ID_CONFLICT);
        DataSet other = TestHeaders.local("L1").otherId("L8", LOCAL_ISSUER).build();
        assertThat(refused(swap.decide(other, merged, NOW)).reason()).isEqualTo(ReasonCode.LOCAL_ID_CONFLICT);
    }

    @Test
    void transliteratedNamesAreTheSameName() {
        MasterPatientIndex m = mpiWith(new MpiPatient("L1", LOCAL_ISSUER, Bsn.parse(BSN_A), BsnStatus.VALIDATED,
                "Müller-IJzerman", "Zoë", null, null));
        for (String name : List.of("MUELLER-IJZERMAN^ZOE", "Muller Yzerman^Z", "Müller-IJzerman^Zoë")) {
            assertThat(swap.decide(TestHeaders.local("L1").name(name).build(), m, NOW))
                    .as(name).isInstanceOf(SwapDecision.Apply.class);
        }
        assertThat(refused(swap.decide(TestHeaders.local("L1").name("Jansen^Zoë").build(), m, NOW)).reason())
                .isEqualTo(ReasonCode.DEMOGRAPHICS_MISMATCH);
    }

    @Test
    void aLocalIssuerTooLongForIssuerOfPatientIdIsRejectedUpFront() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SwapPolicy.of("1." + "2".repeat(70)))
                .hasMessageContaining("64 characters");
    }
}
