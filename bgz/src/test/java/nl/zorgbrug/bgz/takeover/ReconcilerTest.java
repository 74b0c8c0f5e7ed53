package nl.zorgbrug.bgz.takeover;

import static nl.zorgbrug.bgz.takeover.Zibs2017.zib;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import nl.zorgbrug.audit.consent.DataCategory;
import org.hl7.fhir.dstu3.model.Condition;
import org.hl7.fhir.dstu3.model.Reference;
import org.junit.jupiter.api.Test;

/** The order of reconciliation: identifier first, then the FO's table, value differences as conflicts. */
class ReconcilerTest {
    private final Reconciler reconciler = new Reconciler();

    @Test
    void aZibWithAPersistentIdentifierTheOwnRecordHoldsIsADuplicateWhateverItsCodes() {
        var own = Zibs2017.procedure("own-1", "80146002", "2021-05-04");
        own.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.2.4.3.11.999.7").setValue("P-77");
        var theirs = Zibs2017.procedure("x-9", "38102005", "2019-01-01");
        theirs.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.2.4.3.11.999.7").setValue("P-77");
        List<Match> m = reconciler.reconcile(List.of(zib(DataCategory.PROCEDURE, own, Zib.OWN)),
                List.of(zib(DataCategory.PROCEDURE, theirs, "90000001")));
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.verdict()).isEqualTo(Verdict.DUPLICATE);
            assertThat(x.own().reference()).isEqualTo("Procedure/own-1");
        });
    }

    @Test
    void withoutAnIdentifierTheTableSuspectsAndAnotherValueIsAConflictShownSideBySide() {
        var ownSmokes = zib(DataCategory.TOBACCO_USE, Zibs2017.tobacco("t-own", "77176002"), Zib.OWN);
        var ownProcedure = zib(DataCategory.PROCEDURE, Zibs2017.procedure("p-own", "80146002", "2021-05-04"), Zib.OWN);
        var theirsDoesNotSmoke = zib(DataCategory.TOBACCO_USE, Zibs2017.tobacco("t-1", "8392000"), "90000001");
        var theirsProcedure = zib(DataCategory.PROCEDURE, Zibs2017.procedure("p-1", "80146002", "2021-05-04"),
                "90000001");
        var theirsProblem = zib(DataCategory.PROBLEM, new Condition().setSubject(new Reference("Patient/p"))
                .setId("c-1"), "90000001");
        List<Match> m = reconciler.reconcile(List.of(ownSmokes, ownProcedure),
                List.of(theirsDoesNotSmoke, theirsProcedure, theirsProblem));
        assertThat(m.get(0).verdict()).isEqualTo(Verdict.CONFLICT);
        assertThat(m.get(0).ownValue()).isEqualTo("77176002");
        assertThat(m.get(0).incomingValue()).isEqualTo("8392000");
        assertThat(m.get(0).needsDecision()).isTrue();
        assertThat(m.get(1).verdict()).isEqualTo(Verdict.SUSPECTED_DUPLICATE);
        assertThat(m.get(1).rule()).isEqualTo("procedure by SNOMED code and date");
        assertThat(m.get(2).verdict()).as("no rule for problems, no identifier").isEqualTo(Verdict.NEW);
    }

    @Test
    void theSameValueOfAStateZibIsASuspectedDuplicateNotAConflict() {
        List<Match> m = reconciler.reconcile(
                List.of(zib(DataCategory.TOBACCO_USE, Zibs2017.tobacco("a", "8392000"), Zib.OWN)),
                List.of(zib(DataCategory.TOBACCO_USE, Zibs2017.tobacco("b", "8392000"), "90000001")));
        assertThat(m.get(0).verdict()).isEqualTo(Verdict.SUSPECTED_DUPLICATE);
    }

    @Test
    void aZibThatComesTwiceInOneBgzIsShownOnceAsNew() {
        var a = Zibs2017.allergy("a", "91936005");
        a.addIdentifier().setSystem("urn:oid:1.2.3").setValue("A-1");
        var again = Zibs2017.allergy("a-copy", "91936005");
        again.addIdentifier().setSystem("urn:oid:1.2.3").setValue("A-1");
        List<Match> m = reconciler.reconcile(List.of(), List.of(zib(DataCategory.ALLERGY_INTOLERANCE, a, "X"),
                zib(DataCategory.ALLERGY_INTOLERANCE, again, "X")));
        assertThat(m).extracting(Match::verdict).containsExactly(Verdict.NEW, Verdict.DUPLICATE);
    }
}
