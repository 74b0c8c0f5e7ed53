package nl.zorgbrug.registry.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.gateway.manifest.StudyManifest;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * One import attempt: the KOS by ITI-43, each instance it lists from the source, into the import route; the source's
 * own id (the entry's sourcePatientId) becomes the BSN for the import swap, another id is left for the swap to
 * quarantine, another BSN is not handed on; a repository or source that cannot be reached is a retry.
 */
class StudyImportTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String ISSUER_A = "2.16.528.1.1007.99.1";
    final Random random = new Random(43);
    final Bsn bsn = TestSubmissions.bsn(random);
    final String study = TestSubmissions.uid(random);
    final IndexedDocument manifest = new IndexedDocument(study + ".99", TestSubmissions.REPOSITORY, null,
            "application/dicom", "Manifest", "PAT-A-7", ISSUER_A);
    final Map<String, DataSet> sourcePacs = new HashMap<>();
    final List<DataSet> admitted = new ArrayList<>();
    final List<String> fetched = new ArrayList<>();
    final List<StudyImport.QuarantineReason> reasons = new ArrayList<>();

    byte[] kos(int instances) throws IOException {
        List<StudyManifest.Reference> refs = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            refs.add(new StudyManifest.Reference(study + ".1", CT, study + ".1." + i));
            sourcePacs.put(study + ".1." + i, instance(study + ".1." + i, "PAT-A-7", ISSUER_A));
        }
        DicomFile kos = ManifestBuilder.buildXdsi(instance(study + ".1.1", "PAT-A-7", ISSUER_A),
                new StudyManifest(study + ".99", study, null, null, refs), study + ".99.1",
                LocalDateTime.of(2026, 11, 25, 10, 0), "ZORGBRUG", TestSubmissions.REPOSITORY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(kos, out);
        return out.toByteArray();
    }

    DataSet instance(String sop, String patientId, String issuer) {
        DataSet ds = TestSubmissions.ownPacsHead(study, ".1", sop.substring(study.length()), CT, "CT", patientId,
                issuer);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        return ds;
    }

    StudyImport importer(byte[] kos, StudyImport.Admission admission) {
        return new StudyImport((repository, home, uid) -> {
            assertThat(repository).isEqualTo(TestSubmissions.REPOSITORY);
            assertThat(uid).isEqualTo(manifest.uniqueId());
            return kos;
        }, (repository, i) -> {
            fetched.add(i.sopInstanceUid());
            DataSet ds = sourcePacs.get(i.sopInstanceUid()).copy();
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            return new DicomFile(null, FileMetaInformation.create(CT, i.sopInstanceUid(), ts, "PACSA"), ds, ts, true);
        }, (file, quarantine) -> {
            admitted.add(file.dataSet());
            reasons.add(quarantine);
            return quarantine != null ? StudyImport.Admission.QUARANTINED : admission;
        });
    }

    @Test
    void everyInstanceOfTheKosGoesToTheImportRouteWithTheBsnInPlaceOfTheSourcesOwnId() throws Exception {
        StudyImport.Result r = importer(kos(3), StudyImport.Admission.IMPORTED)
                .attempt(new StudyImport.Request(bsn, study, manifest));

        assertThat(r.outcome()).as(r.reason()).isEqualTo(StudyImport.Outcome.DONE);
        assertThat(r.instances()).isEqualTo(3);
        assertThat(r.imported()).isEqualTo(3);
        assertThat(fetched).containsExactly(study + ".1.1", study + ".1.2", study + ".1.3");
        assertThat(admitted).allSatisfy(ds -> {
            assertThat(ds.getString(Tag.PatientID)).isEqualTo(bsn.value());
            assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
            assertThat(ds.getSequence(Tag.OtherPatientIDsSequence)).singleElement().satisfies(item -> {
                assertThat(item.getString(Tag.PatientID)).isEqualTo("PAT-A-7");
                assertThat(item.getString(Tag.IssuerOfPatientID)).isEqualTo(ISSUER_A);
            });
        });
    }

    @Test
    void instancesOfAnotherIdOrAnotherBsnGoToQuarantineNamingAskedAndFoundAndTheRestIsImported() throws Exception {
        byte[] kos = kos(3);
        sourcePacs.put(study + ".1.2", instance(study + ".1.2", "PAT-A-8", ISSUER_A));
        Bsn other = TestSubmissions.bsn(random);
        DataSet ofAnotherBsn = instance(study + ".1.3", other.value(), Bsn.ISSUER_OID);
        sourcePacs.put(study + ".1.3", ofAnotherBsn);

        StudyImport.Result r = importer(kos, StudyImport.Admission.IMPORTED)
                .attempt(new StudyImport.Request(bsn, study, manifest));

        assertThat(r.outcome()).as("the rest of the study goes on").isEqualTo(StudyImport.Outcome.DONE);
        assertThat(r.imported()).isEqualTo(1);
        assertThat(r.quarantined()).isEqualTo(2);
        assertThat(r.reason()).startsWith("PATIENT_DIFFERS: 2 instance(s)").contains(study + ".1.2", study + ".1.3")
                .doesNotContain(other.value()).doesNotContain(bsn.value());
        assertThat(admitted).extracting(ds -> ds.getString(Tag.PatientID))
                .containsExactly(bsn.value(), "PAT-A-8", other.value());
        assertThat(admitted.get(1).getString(Tag.IssuerOfPatientID)).as("untouched").isEqualTo(ISSUER_A);
        assertThat(reasons.get(0)).as("the requested patient's instance is the route's to decide").isNull();
        assertThat(reasons.get(1)).satisfies(q -> {
            assertThat(q.code()).isEqualTo("PATIENT_DIFFERS");
            assertThat(q.messageEn()).contains("asked for BSN " + bsn.masked(), "at the source " + Bsn.mask("PAT-A-7"),
                    "the instance names patient id " + Bsn.mask("PAT-A-8") + " (issuer " + ISSUER_A + ")", study);
            assertThat(q.messageNl()).contains("gevraagd BSN " + bsn.masked(), "patiëntnummer " + Bsn.mask("PAT-A-8"));
        });
        assertThat(reasons.get(2)).satisfies(q -> {
            assertThat(q.code()).isEqualTo("BSN_DIFFERS");
            assertThat(q.messageEn()).contains("asked for BSN " + bsn.masked(),
                    "the instance names BSN " + other.masked() + " (issuer " + Bsn.ISSUER_OID + ")")
                    .doesNotContain(other.value()).doesNotContain(bsn.value());
            assertThat(q.messageNl()).doesNotContain(other.value()).doesNotContain(bsn.value());
        });
    }

    /**
     * An import taken up again (a retry, or a node killed mid-import, ImportKillTest) does not fetch what an
     * earlier attempt handed on: fetched again, the instance would differ from the first copy (the source's swap stamps
     * the time of retrieval) and the gateway would send it to the PACS as a corrected version, a second time.
     */
    @Test
    void anAttemptAfterOneThatBrokeOffFetchesOnlyWhatWasNotHandedOn() throws Exception {
        byte[] kos = kos(4);
        sourcePacs.put(study + ".1.2", instance(study + ".1.2", "PAT-A-8", ISSUER_A));
        Map<String, StudyImport.Admission> kept = new java.util.LinkedHashMap<>();
        StudyImport.Progress progress = new StudyImport.Progress() {
            @Override
            public Map<String, StudyImport.Admission> handed() {
                return Map.copyOf(kept);
            }

            @Override
            public void handed(String sopInstanceUid, StudyImport.Admission admission) {
                kept.put(sopInstanceUid, admission);
            }

            @Override
            public Set<String> handing() {
                return Set.of();
            }

            @Override
            public void handing(String sopInstanceUid) {
            }

            @Override
            public Optional<StudyImport.Admission> takenByRoute(String sopInstanceUid) {
                throw new AssertionError("nothing was cut off mid-hand-over");
            }
        };
        StudyImport firstTry = new StudyImport((repository, home, uid) -> kos, (repository, i) -> {
            if (i.sopInstanceUid().equals(study + ".1.3")) {
                throw new IOException("RAD-69: no answer");
            }
            fetched.add(i.sopInstanceUid());
            DataSet ds = sourcePacs.get(i.sopInstanceUid()).copy();
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            return new DicomFile(null, FileMetaInformation.create(CT, i.sopInstanceUid(), ts, "PACSA"), ds, ts, true);
        }, (file, quarantine) -> {
            admitted.add(file.dataSet());
            return quarantine != null ? StudyImport.Admission.QUARANTINED : StudyImport.Admission.IMPORTED;
        });
        assertThat(firstTry.attempt(new StudyImport.Request(bsn, study, manifest), progress).outcome())
                .isEqualTo(StudyImport.Outcome.RETRY);
        assertThat(kept).containsExactly(Map.entry(study + ".1.1", StudyImport.Admission.IMPORTED),
                Map.entry(study + ".1.2", StudyImport.Admission.QUARANTINED));

        fetched.clear();
        StudyImport.Result r = importer(kos, StudyImport.Admission.IMPORTED)
                .attempt(new StudyImport.Request(bsn, study, manifest), progress);

        assertThat(r.outcome()).as(r.reason()).isEqualTo(StudyImport.Outcome.DONE);
        assertThat(fetched).as("only what the first attempt did not hand on").containsExactly(study + ".1.3",
                study + ".1.4");
        assertThat(admitted).extracting(ds -> ds.getString(Tag.SOPInstanceUID)).as("each once to the route")
                .containsExactly(study + ".1.1", study + ".1.2", study + ".1.3", study + ".1.4");
        assertThat(r.instances()).isEqualTo(4);
        assertThat(r.imported()).as("the whole import's count").isEqualTo(3);
        assertThat(r.quarantined()).isEqualTo(1);
        assertThat(r.reason()).startsWith("PATIENT_DIFFERS: 1 instance(s)").contains(study + ".1.2");
        assertThat(kept).hasSize(4);
    }

    /** The node stopping (SIGKILL): nothing of the attempt runs after it. */
    static final class Killed extends RuntimeException {
        Killed(String where) {
            super("killed " + where);
        }
    }

    /**
     * The window docs/availability.md named ("the window left"): the route's unit of work and the import's record of
     * it are two transactions. The node killed between them (the route took instance .1.2, its record was lost) and,
     * in a second run, between the mark and the route's commit (the route never took .1.3): the attempt after each
     * restart asks the gateway's own record about the instance it had in hand, so .1.2 is not fetched again (a copy
     * fetched again differs, and the gateway would send it to the PACS a second time) and .1.3 is. Every instance
     * reaches the route exactly once.
     */
    @Test
    void anInstanceInHandWhenTheNodeWasKilledIsFetchedAgainOnlyIfTheRouteNeverTookIt() throws Exception {
        byte[] kos = kos(4);
        Map<String, StudyImport.Admission> kept = new java.util.LinkedHashMap<>();
        Set<String> inHand = new java.util.LinkedHashSet<>();
        // The gateway's own tables: what its import route took (a job's instance or a quarantine entry).
        Map<String, StudyImport.Admission> routeTook = new java.util.LinkedHashMap<>();
        Set<String> killAfterTheRoute = new java.util.HashSet<>(Set.of(study + ".1.2"));
        Set<String> killBeforeTheRoute = new java.util.HashSet<>(Set.of(study + ".1.3"));
        StudyImport.Progress progress = new StudyImport.Progress() {
            @Override
            public Map<String, StudyImport.Admission> handed() {
                return Map.copyOf(kept);
            }

            @Override
            public void handed(String sopInstanceUid, StudyImport.Admission admission) {
                if (killAfterTheRoute.remove(sopInstanceUid)) {
                    throw new Killed("after the route's commit of " + sopInstanceUid + ", before its record");
                }
                kept.put(sopInstanceUid, admission);
                inHand.remove(sopInstanceUid);
            }

            @Override
            public Set<String> handing() {
                return Set.copyOf(inHand);
            }

            @Override
            public void handing(String sopInstanceUid) {
                inHand.add(sopInstanceUid);
            }

            @Override
            public Optional<StudyImport.Admission> takenByRoute(String sopInstanceUid) {
                return Optional.ofNullable(routeTook.get(sopInstanceUid));
            }
        };
        StudyImport importer = new StudyImport((repository, home, uid) -> kos, (repository, i) -> {
            fetched.add(i.sopInstanceUid());
            DataSet ds = sourcePacs.get(i.sopInstanceUid()).copy();
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            return new DicomFile(null, FileMetaInformation.create(CT, i.sopInstanceUid(), ts, "PACSA"), ds, ts, true);
        }, (file, quarantine) -> {
            String sop = file.dataSet().getString(Tag.SOPInstanceUID);
            if (killBeforeTheRoute.remove(sop)) {
                throw new Killed("with " + sop + " in hand, before the route's commit");
            }
            admitted.add(file.dataSet());
            routeTook.put(sop, StudyImport.Admission.IMPORTED);
            return StudyImport.Admission.IMPORTED;
        });
        StudyImport.Request request = new StudyImport.Request(bsn, study, manifest);

        assertThatThrownBy(() -> importer.attempt(request, progress)).isInstanceOf(Killed.class)
                .hasMessageContaining("after the route's commit");
        assertThat(kept).as("the route took .1.2, its record was lost").containsOnlyKeys(study + ".1.1");
        assertThatThrownBy(() -> importer.attempt(request, progress)).isInstanceOf(Killed.class)
                .hasMessageContaining("before the route's commit");
        StudyImport.Result r = importer.attempt(request, progress);

        assertThat(r.outcome()).as(r.reason()).isEqualTo(StudyImport.Outcome.DONE);
        assertThat(fetched).as(".1.2 was the route's already; .1.3 never reached it")
                .containsExactly(study + ".1.1", study + ".1.2", study + ".1.3", study + ".1.3", study + ".1.4");
        assertThat(admitted).extracting(ds -> ds.getString(Tag.SOPInstanceUID)).as("each once to the route")
                .containsExactly(study + ".1.1", study + ".1.2", study + ".1.3", study + ".1.4");
        assertThat(r.imported()).isEqualTo(4);
        assertThat(kept).as("every instance recorded, .1.2 from the route's own record")
                .containsOnlyKeys(study + ".1.1", study + ".1.2", study + ".1.3", study + ".1.4");
        assertThat(inHand).as("none left in hand").isEmpty();
    }

    @Test
    void anInstanceThatAlreadyCarriesTheRequestedBsnGoesAsItIs() throws Exception {
        byte[] kos = kos(1);
        sourcePacs.put(study + ".1.1", instance(study + ".1.1", bsn.value(), Bsn.ISSUER_OID));
        StudyImport.Result r = importer(kos, StudyImport.Admission.IMPORTED)
                .attempt(new StudyImport.Request(bsn, study, manifest));
        assertThat(r.outcome()).isEqualTo(StudyImport.Outcome.DONE);
        assertThat(admitted).singleElement().satisfies(ds -> assertThat(ds.getSequence(Tag.OtherPatientIDsSequence))
                .isNullOrEmpty());
    }

    @Test
    void aRepositoryOrSourceThatCannotBeReachedIsARetryAndAKosOfAnotherStudyIsHeld() throws Exception {
        StudyImport down = new StudyImport((repository, home, uid) -> {
            throw new ConnectException("Connection refused");
        }, (repository, i) -> {
            throw new AssertionError("nothing fetched without the KOS");
        }, (file, quarantine) -> StudyImport.Admission.IMPORTED);
        StudyImport.Result r = down.attempt(new StudyImport.Request(bsn, study, manifest));
        assertThat(r.outcome()).isEqualTo(StudyImport.Outcome.RETRY);
        assertThat(r.reason()).contains("ITI-43", "Connection refused");

        byte[] kos = kos(2);
        StudyImport sourceDown = new StudyImport((repository, home, uid) -> kos, (repository, i) -> {
            throw new IOException("WADO-RS 503");
        }, (file, quarantine) -> StudyImport.Admission.IMPORTED);
        assertThat(sourceDown.attempt(new StudyImport.Request(bsn, study, manifest)).outcome())
                .isEqualTo(StudyImport.Outcome.RETRY);

        StudyImport.Result wrong = importer(kos, StudyImport.Admission.IMPORTED)
                .attempt(new StudyImport.Request(bsn, TestSubmissions.uid(random), manifest));
        assertThat(wrong.outcome()).isEqualTo(StudyImport.Outcome.HELD);
        assertThat(wrong.reason()).startsWith("KOS_UNFIT: the KOS names study " + study);
    }
}
