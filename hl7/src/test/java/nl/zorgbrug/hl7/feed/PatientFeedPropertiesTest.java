package nl.zorgbrug.hl7.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.hl7.AckText;
import nl.zorgbrug.hl7.Adt;
import nl.zorgbrug.hl7.TestMpi;
import nl.zorgbrug.hl7.adt.AdtReceiver;

/**
 * Whatever the EPD sends, in whatever order: no two local patients share a BSN unless one of them is marked
 * conflicted, and a conflict, once marked, is never cleared by a message (issue 16). The messages go through the
 * whole receiver (HL7 text, mapping, feed), with few numbers and few BSNs so that collisions, merges onto existing
 * patients and invalid BSNs are common.
 */
class PatientFeedPropertiesTest {
    static final List<String> LOCAL_IDS = List.of("P1", "P2", "P3", "P4", "P5");
    static final List<String> BSNS = List.of("999911120", "999990019", "999990020", "123456789", "999911121");
    static final List<String> STATUSES = List.of("", "verified", "validated", "verified+validated", "unknown-code");

    @Property(tries = 300)
    void noTwoUnconflictedPatientsEverShareABsnAndAConflictIsNeverClearedByAMessage(
            @ForAll("streams") List<Adt> stream) {
        TestMpi t = new TestMpi();
        AdtReceiver receiver = t.receiver();
        Set<String> conflicted = new HashSet<>();
        for (Adt message : stream) {
            AckText ack = AckText.of(receiver.receive(message.bytes()));
            Statistics.label("ack").collect(ack.code());
            assertThat(ack.code()).isIn("AA", "AE");
            Map<Bsn, String> unconflicted = new HashMap<>();
            for (MpiPatient p : t.mpi.all()) {
                if (p.conflicted()) {
                    conflicted.add(p.localId());
                } else {
                    assertThat(conflicted).as("%s was conflicted and a message cleared it", p.localId())
                            .doesNotContain(p.localId());
                    if (p.bsn() != null) {
                        String other = unconflicted.put(p.bsn(), p.localId());
                        assertThat(other).as("%s and %s share a BSN and neither is conflicted", other, p.localId())
                                .isNull();
                    }
                }
            }
            // A patient that left the MPI (merged, renumbered) may come back as a new one.
            conflicted.retainAll(t.mpi.all().stream().map(MpiPatient::localId).toList());
        }
    }

    @Provide
    Arbitrary<List<Adt>> streams() {
        Arbitrary<String> id = Arbitraries.of(LOCAL_IDS);
        Arbitrary<String> bsn = Arbitraries.of(BSNS);
        Arbitrary<String> status = Arbitraries.of(STATUSES);
        Arbitrary<Adt> register = Combinators.combine(Arbitraries.of("A01", "A04", "A08", "A28", "A31"), id, bsn, status)
                .as((e, i, b, s) -> Adt.of(e).pid(i, b, s.isEmpty() ? null : s, "Vries", "Ella", "19700101", "F"));
        Arbitrary<Adt> merge = Combinators.combine(id, id, bsn, status)
                .as((i, prior, b, s) -> Adt.of("A40").pid(i, b, s.isEmpty() ? null : s, "Vries", "Ella", "19700101", "F")
                        .mrg(prior));
        Arbitrary<Adt> change = Combinators.combine(id, id, bsn)
                .as((i, prior, b) -> Adt.of("A47").pid(i, b, null, "Vries", "Ella", "19700101", "F").mrg(prior));
        Arbitrary<Adt> unlink = Combinators.combine(id, id, bsn, bsn)
                .as((i, j, b, c) -> Adt.of("A37").pid(i, b, "validated", "Vries", "Ella", "19700101", "F").pv1()
                        .pid(j, c, "validated", "Bakker", "Jan", "19800101", "M"));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, register), net.jqwik.api.Tuple.of(2, merge),
                net.jqwik.api.Tuple.of(1, change), net.jqwik.api.Tuple.of(1, unlink)).list().ofMinSize(1).ofMaxSize(25);
    }
}
