package nl.zorgbrug.compliance.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.compliance.tally.ScanSummary;

class ScanReportsTest {

    private static ScanSummary summary() {
        ComplianceTally t = new ComplianceTally();
        t.add(new ObjectResult.Classified("a", "1.2.1", Verdict.CORRECT, "CT", "20240101", "900000028", "x", Fix.NONE, ""));
        t.add(new ObjectResult.Classified("b", "1.2.2", Verdict.NO_BSN, "MR", "", "=P1,\"x\"", "2.16.1", Fix.PERSON,
                "NO_BSN: the MPI has no BSN"));
        t.add(new ObjectResult.Unreadable("c.txt", "not DICOM"));
        return t.summary((pid, issuer) -> Optional.of("900000041"));
    }

    @Test
    void theCsvIsTheRemediationListQuotedForSpreadsheets() {
        List<String> lines = ScanReports.csv(summary()).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(String.join(",", ScanReports.CSV_COLUMNS));
        assertThat(lines.get(1)).isEqualTo("1.2.2,,unknown,MR,1,NO_BSN,\"'=P1,\"\"x\"\"\",2.16.1,900000041,PERSON,"
                + "NO_BSN: the MPI has no BSN");
    }

    @Test
    void theJsonHoldsObjectAndStudyCountsPerVerdict() {
        String json = ScanReports.json(summary(), "folder /x");
        assertThat(json).contains("\"byVerdict\": {")
                .contains("\"CORRECT\": {\n      \"objects\": 1,\n      \"studies\": 1,")
                .contains("\"NO_BSN\": {\n      \"objects\": 1,\n      \"studies\": 1,")
                .contains("\"EXEMPT_RULE\": {\n      \"objects\": 0,\n      \"studies\": 0,\n      \"exempt\": true")
                .contains("\"unknown\": {")
                .contains("\"path\": \"c.txt\"")
                .contains("\"PERSON\": 1");
    }
}
