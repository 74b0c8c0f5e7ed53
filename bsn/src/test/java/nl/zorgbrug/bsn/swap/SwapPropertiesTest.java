package nl.zorgbrug.bsn.swap;

import static nl.zorgbrug.bsn.TestHeaders.LOCAL_ISSUER;
import static nl.zorgbrug.bsn.TestHeaders.OTHER_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.TestHeaders;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.StreamingEditor;

/**
 * The invariants of issue 4 over generated headers and MPIs: arbitrary mixes of Patient IDs, issuers,
 * qualifiers, sequence items (valid, invalid and foreign IDs), character sets and MPI states.
 */
class SwapPropertiesTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final SwapPolicy POLICY = SwapPolicy.of(LOCAL_ISSUER);
    static final ExportSwap EXPORT = new ExportSwap(POLICY);
    static final ImportSwap IMPORT = new ImportSwap(POLICY);

    /** A generated case: a header and an MPI (BSNs unique per patient). */
    record Case(DataSet header, MasterPatientIndex mpi, String localId) {
        @Override
        public String toString() {
            return "Case[" + header + "]";
        }
    }

    // ---- generators ----

    static Arbitrary<String> localIds() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).map(s -> "L" + s);
    }

    static Arbitrary<String> invalidBsns() {
        return Arbitraries.strings().numeric().ofLength(9).filter(s -> !Bsn.isValid(s));
    }

    static Arbitrary<String> issuers() {
        return Arbitraries.of(Bsn.ISSUER_OID, LOCAL_ISSUER, OTHER_ISSUER, "", "HOSP_X", "2.16.840.1.113883.2.4.6.4");
    }

    static Arbitrary<String[]> items(String localId, String bsn) {
        Arbitrary<String[]> likely = Arbitraries.of(new String[] {bsn, Bsn.ISSUER_OID}, new String[] {localId, LOCAL_ISSUER});
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.just(bsn), Arbitraries.just(localId), localIds(),
                invalidBsns(), TestHeaders.validBsns());
        Arbitrary<String[]> any = Combinators.combine(ids, issuers()).as((id, issuer) -> new String[] {id, issuer});
        return Arbitraries.frequencyOf(Tuple.of(3, likely), Tuple.of(1, any));
    }

    @Provide
    Arbitrary<Case> anyCase() {
        Arbitrary<String> localId = localIds();
        Arbitrary<String> bsn = TestHeaders.validBsns();
        return Combinators.combine(localId, bsn).flatAs((l, b) -> {
            // Coherent incoming and local objects most of the time, anything at all otherwise.
            Arbitrary<String[]> primary = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(new String[] {b, Bsn.ISSUER_OID})),
                    Tuple.of(3, Arbitraries.just(new String[] {l, LOCAL_ISSUER})),
                    Tuple.of(2, Combinators.combine(Arbitraries.oneOf(Arbitraries.just(l), Arbitraries.just(b),
                            invalidBsns(), localIds()), issuers()).as((id, is) -> new String[] {id, is})));
            Arbitrary<List<String[]>> seq = items(l, b).list().ofMaxSize(3);
            Arbitrary<String> qualifier = Arbitraries.of("none", "none", "none", "none", "bsn-iso", "bsn-dns",
                    "local-iso", "other-iso");
            Arbitrary<String> charset = Arbitraries.of("ISO_IR 100", "ISO_IR 192");
            Arbitrary<BsnStatus> status = Arbitraries.of(BsnStatus.VALIDATED, BsnStatus.VALIDATED,
                    BsnStatus.VERIFIED_AND_VALIDATED, BsnStatus.VERIFIED, BsnStatus.UNCHECKED, BsnStatus.NONE);
            Arbitrary<Boolean> sameName = Arbitraries.of(true, true, true, false);
            Arbitrary<Boolean> withOas = Arbitraries.of(true, false);
            return Combinators.combine(primary, seq, qualifier, charset, status, sameName, withOas)
                    .as((p, items, q, cs, st, same, oas) -> build(l, b, p[0], p[1], items, q, cs, st, same, oas));
        });
    }

    /** Local objects as the hospital's PACS holds them, with a validated BSN in the MPI. */
    @Provide
    Arbitrary<Case> localCase() {
        return Combinators.combine(localIds(), TestHeaders.validBsns(), Arbitraries.of("ISO_IR 100", "ISO_IR 192"),
                        Arbitraries.of(true, false))
                .as((l, b, cs, withBsnItem) -> build(l, b, l, LOCAL_ISSUER,
                        withBsnItem ? List.<String[]>of(new String[] {b, Bsn.ISSUER_OID}) : List.of(),
                        "none", cs, BsnStatus.VALIDATED, true, false));
    }

    static Case build(String localId, String bsn, String primaryId, String issuer, List<String[]> items, String q,
                      String charset, BsnStatus status, boolean sameName, boolean withOas) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, charset);
        ds.setString(Tag.PatientName, VR.PN, sameName ? "Bakker^Zoë" : "Smit^Jan");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19850315");
        ds.setString(Tag.PatientID, VR.LO, primaryId);
        if (!issuer.isEmpty()) {
            ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        if (!q.equals("none")) {
            DataSet qi = DataSet.itemOf(ds);
            qi.setString(Tag.UniversalEntityID, VR.UT, q.startsWith("bsn") ? Bsn.ISSUER_OID
                    : q.startsWith("local") ? LOCAL_ISSUER : OTHER_ISSUER);
            qi.setString(Tag.UniversalEntityIDType, VR.CS, q.endsWith("dns") ? "DNS" : "ISO");
            ds.setSequence(Tag.IssuerOfPatientIDQualifiersSequence, List.of(qi));
        }
        if (!items.isEmpty()) {
            List<DataSet> seq = new ArrayList<>();
            for (String[] it : items) {
                DataSet item = DataSet.itemOf(ds);
                item.setString(Tag.PatientID, VR.LO, it[0]);
                if (!it[1].isEmpty()) {
                    item.setString(Tag.IssuerOfPatientID, VR.LO, it[1]);
                }
                seq.add(item);
            }
            ds.setSequence(Tag.OtherPatientIDsSequence, seq);
        }
        if (withOas) {
            DataSet old = DataSet.itemOf(ds);
            old.setString(Tag.ReasonForTheAttributeModification, VR.CS, "CORRECT");
            ds.setSequence(Tag.OriginalAttributesSequence, List.of(old));
        }
        MpiPatient p = new MpiPatient(localId, LOCAL_ISSUER, status == BsnStatus.NONE ? null : Bsn.parse(bsn), status,
                "Bakker", "Zoe", "19850315", "F");
        return new Case(ds.copy(), CsvMasterPatientIndex.inMemory(List.of(p)), localId);
    }

    static DataSet apply(DataSet header, SwapDecision d) {
        DataSet out = header.copy();
        StreamingEditor.apply(out, ((SwapDecision.Apply) d).edits());
        return out;
    }

    // ---- invariants ----

    @Property
    void importAfterExportGivesBackTheOriginalLocalId(@ForAll("localCase") Case c) {
        SwapDecision exported = EXPORT.decide(c.header(), c.mpi(), NOW);
        assertThat(exported).isInstanceOf(SwapDecision.Apply.class);
        DataSet out = apply(c.header(), exported);
        SwapDecision imported = IMPORT.decide(out, c.mpi(), NOW);
        assertThat(imported).isInstanceOf(SwapDecision.Apply.class);
        DataSet back = apply(out, imported);
        assertThat(back.getString(Tag.PatientID)).isEqualTo(c.localId());
        assertThat(back.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
    }

    /** Wabvpz: nothing leaves with a BSN the MPI does not hold as validated (verified alone is not enough). */
    @Property(tries = 400)
    void onlyAValidatedBsnIsEverExported(@ForAll("anyCase") Case c) {
        SwapDecision d = EXPORT.decide(c.header(), c.mpi(), NOW);
        if (d instanceof SwapDecision.Apply a && !a.edits().isEmpty()) {
            MpiPatient p = c.mpi().byLocalId(c.localId(), LOCAL_ISSUER).orElseThrow();
            assertThat(p.bsnStatus().validated()).as(p.bsnStatus().csv()).isTrue();
        }
    }

    @Property(tries = 400)
    void sequencesAreOnlyEverExtended(@ForAll("anyCase") Case c) {
        for (SwapDecision d : List.of(EXPORT.decide(c.header(), c.mpi(), NOW), IMPORT.decide(c.header(), c.mpi(), NOW))) {
            if (d instanceof SwapDecision.Apply) {
                DataSet out = apply(c.header(), d);
                assertPrefix(c.header().getSequence(Tag.OtherPatientIDsSequence), out.getSequence(Tag.OtherPatientIDsSequence));
                assertPrefix(c.header().getSequence(Tag.OriginalAttributesSequence),
                        out.getSequence(Tag.OriginalAttributesSequence));
            }
        }
    }

    static String kind(SwapDecision d) {
        if (d instanceof SwapDecision.Apply a) {
            return a.edits().isEmpty() ? "unchanged" : "edits";
        }
        return d instanceof SwapDecision.Refuse r ? r.reason().name() : "register";
    }

    static void assertPrefix(List<DataSet> before, List<DataSet> after) {
        if (before == null) {
            return;
        }
        assertThat(after).as("sequence still present").isNotNull();
        assertThat(after.size()).isGreaterThanOrEqualTo(before.size());
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).contentEquals(before.get(i))).as("item %d unchanged", i + 1).isTrue();
        }
    }

    @Property(tries = 400)
    void exportAndImportAreIdempotent(@ForAll("anyCase") Case c) {
        SwapDecision e = EXPORT.decide(c.header(), c.mpi(), NOW);
        SwapDecision im = IMPORT.decide(c.header(), c.mpi(), NOW);
        Statistics.label("export").collect(kind(e));
        Statistics.label("import").collect(kind(im));
        // The invariants mean little unless many generated cases are really swapped. Import swaps near one case
        // in ten, and with 400 random tries that share varies by about 1.5 points (a run has seen 7.25%), so the
        // bound sits well below it: it catches a generator that (almost) never produces a swap, not chance.
        Statistics.label("export").coverage(cov -> cov.check("edits").percentage(p -> p >= 4));
        Statistics.label("import").coverage(cov -> cov.check("edits").percentage(p -> p >= 4));
        if (e instanceof SwapDecision.Apply) {
            SwapDecision again = EXPORT.decide(apply(c.header(), e), c.mpi(), NOW.plusSeconds(1));
            assertThat(again).isInstanceOf(SwapDecision.Apply.class);
            assertThat(((SwapDecision.Apply) again).edits()).isEmpty();
        }
        SwapDecision i = IMPORT.decide(c.header(), c.mpi(), NOW);
        if (i instanceof SwapDecision.Apply) {
            SwapDecision again = IMPORT.decide(apply(c.header(), i), c.mpi(), NOW.plusSeconds(1));
            assertThat(again).isInstanceOf(SwapDecision.Apply.class);
            assertThat(((SwapDecision.Apply) again).edits()).isEmpty();
        }
    }

    @Property(tries = 400)
    void onlyTheBsnIssuerIsEverImportedAutomatically(@ForAll("anyCase") Case c) {
        SwapDecision d = IMPORT.decide(c.header(), c.mpi(), NOW);
        if (d instanceof SwapDecision.Apply a && !a.edits().isEmpty()) {
            DataSet h = c.header();
            String issuer = h.getString(Tag.IssuerOfPatientID);
            List<DataSet> q = h.getSequence(Tag.IssuerOfPatientIDQualifiersSequence);
            boolean qualifiersBsn = q != null && Bsn.ISSUER_OID.equals(q.get(0).getString(Tag.UniversalEntityID))
                    && "ISO".equals(q.get(0).getString(Tag.UniversalEntityIDType));
            assertThat(Bsn.ISSUER_OID.equals(issuer) || (issuer == null && qualifiersBsn))
                    .as("imported with edits, so the issuer must be the BSN OID").isTrue();
            assertThat(Bsn.fromHeaderValue(h.getString(Tag.PatientID))).isPresent();
        }
        if (d instanceof SwapDecision.Apply a && a.edits().isEmpty()) {
            // Accepted as is: only an object this import already produced (local issuer, confirmed by the MPI).
            assertThat(c.header().getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
            assertThat(c.header().getString(Tag.PatientID)).isEqualTo(c.localId());
        }
    }

    @Property(tries = 400)
    void aValueFailingTheElevenProofIsNeverWrittenAsBsn(@ForAll("anyCase") Case c) {
        for (SwapDecision d : List.of(EXPORT.decide(c.header(), c.mpi(), NOW), IMPORT.decide(c.header(), c.mpi(), NOW))) {
            if (!(d instanceof SwapDecision.Apply a)) {
                continue;
            }
            // The Original Attributes Sequence may record any previous value; the identifiers written must be valid.
            DataSet out = apply(c.header(), d);
            if (Bsn.ISSUER_OID.equals(out.getString(Tag.IssuerOfPatientID))) {
                assertThat(Bsn.fromHeaderValue(out.getString(Tag.PatientID))).as("(0010,0020)").isPresent();
            }
            List<DataSet> before = c.header().getSequence(Tag.OtherPatientIDsSequence);
            List<DataSet> after = out.getSequence(Tag.OtherPatientIDsSequence);
            for (int k = before == null ? 0 : before.size(); after != null && k < after.size(); k++) {
                if (Bsn.ISSUER_OID.equals(after.get(k).getString(Tag.IssuerOfPatientID))) {
                    assertThat(Bsn.fromHeaderValue(after.get(k).getString(Tag.PatientID))).as("added BSN item").isPresent();
                }
            }
        }
    }

    @Property(tries = 400)
    void aRefusalNeverShowsAWholeIdentifier(@ForAll("anyCase") Case c) {
        for (SwapDecision d : List.of(EXPORT.decide(c.header(), c.mpi(), NOW), IMPORT.decide(c.header(), c.mpi(), NOW))) {
            if (d instanceof SwapDecision.Refuse r) {
                String pid = c.header().getString(Tag.PatientID);
                if (pid != null && pid.length() >= 9) {
                    assertThat(r.toString()).doesNotContain(pid);
                }
            }
        }
    }
}
