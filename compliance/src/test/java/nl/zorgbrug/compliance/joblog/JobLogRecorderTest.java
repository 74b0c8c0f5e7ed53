package nl.zorgbrug.compliance.joblog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.compliance.measure.ForeignerRule;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.gateway.addressbook.InMemoryAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Issue 18: the sender's institution "from the address book, by AE title / certificate"; and a batch that cannot be
 * measured now (the MPI's database down) is handed again rather than counted without its facts.
 */
class JobLogRecorderTest {
    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path tmp;

    /** The institution each received object was counted under. */
    private final List<String> counted = new ArrayList<>();
    /** The header facts each received object was counted with. */
    private final List<HeaderFacts> facts = new ArrayList<>();

    private final MeasurementStore store = new MeasurementStore() {
        @Override
        public void received(Direction direction, String study, String sop, String route, String institution,
                             String aeTitle, Verdict verdict, Instant at, HeaderFacts f) {
            counted.add(aeTitle + " -> " + institution);
            facts.add(f);
        }

        @Override
        public void joined(Direction direction, String study, String sop, long jobId, String destination,
                           boolean urgent) {
        }

        @Override
        public void mark(long eventId, StudyMark mark) {
        }

        @Override
        public List<String> studiesOfJob(long jobId) {
            return List.of();
        }
    };

    private static GatewayEvent.ObjectReceived received(String aeTitle, String tlsSubject) {
        return new GatewayEvent.ObjectReceived("import", Direction.IMPORT, "2.25.90", "2.25.90." + aeTitle,
                "1.2.840.10008.5.1.4.1.1.2", aeTitle, 1000, GatewayEvent.Decision.FORWARD, Verdict.CORRECT, null, T,
                tlsSubject);
    }

    @Test
    void aSenderIsFoundByItsAeTitleElseByTheSubjectOfItsTlsCertificate() throws Exception {
        InMemoryAddressBook book = new InMemoryAddressBook();
        book.save(new Institution("umcx", "UMC X", "87654321", null, null, "UMCX_PACS", "pacs.umcx.example", 11112,
                true, null, null, null, false, "CN=zorgbrug-scu.umcx.example, O=UMC X, C=NL"));
        JobLogRecorder recorder = new JobLogRecorder(store, Transactions.none(), book,
                CsvMasterPatientIndex.inMemory(List.of()), new BsnClassifier(ExemptionRules.none()),
                ForeignerRule.none(), new Spool(tmp.resolve("spool")));

        recorder.on(List.of(
                new EventOutbox.Kept(1, received("UMCX_PACS", null)),
                // A modality of UMC X calling with its own AE title, over TLS with the hospital's certificate; the
                // subject as the TLS stack writes it (RFC 2253: no spaces, other case) still names the same entry.
                new EventOutbox.Kept(2, received("CT_ROOM3", "cn=zorgbrug-scu.umcx.example,o=UMC X,c=NL")),
                new EventOutbox.Kept(3, received("CT_ROOM4", "CN=someone-else,O=Elsewhere,C=NL")),
                new EventOutbox.Kept(4, received("CT_ROOM5", null)),
                new EventOutbox.Kept(5, received("CT_ROOM6", "not a distinguished name"))));

        assertThat(counted).containsExactly("UMCX_PACS -> umcx", "CT_ROOM3 -> umcx", "CT_ROOM4 -> null",
                "CT_ROOM5 -> null", "CT_ROOM6 -> null");
    }

    @Test
    void anMpiThatDoesNotAnswerFailsTheBatchSoItIsHandedAgainInsteadOfCountingTheObjectWithoutItsFacts()
            throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.90.7");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.90");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.StudyDate, VR.DA, "20261206");
        ds.setString(Tag.PatientID, VR.LO, "PAT-7");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
        VerdictCorpus.write(spool.forRoute("import").current("2.25.90", "2.25.90.7"), ds);
        boolean[] databaseUp = {false};
        MasterPatientIndex mpi = new MasterPatientIndex() {
            @Override
            public Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
                if (!databaseUp[0]) {
                    throw new IllegalStateException("the database cannot be reached");
                }
                return Optional.empty();
            }

            @Override
            public List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
                return List.of();
            }

            @Override
            public MpiPatient registerPending(Bsn bsn, String localIssuer,
                    String familyName, String givenName, String birthDate, String sex) {
                throw new UnsupportedOperationException("not in this test");
            }
        };
        JobLogRecorder recorder = new JobLogRecorder(store, Transactions.none(), new InMemoryAddressBook(), mpi,
                new BsnClassifier(ExemptionRules.none()), ForeignerRule.none(), spool);
        List<EventOutbox.Kept> batch = List.of(new EventOutbox.Kept(1, received("7", null)));

        assertThatThrownBy(() -> recorder.on(batch))
                .hasMessageContaining("cannot be reached");
        assertThat(facts).isEmpty();

        databaseUp[0] = true;
        recorder.on(batch);
        assertThat(facts).singleElement().satisfies(f -> assertThat(f.modality()).isEqualTo("CT"));
    }
}
