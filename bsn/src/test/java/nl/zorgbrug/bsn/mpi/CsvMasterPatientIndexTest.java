package nl.zorgbrug.bsn.mpi;

import static nl.zorgbrug.bsn.TestHeaders.BSN_A;
import static nl.zorgbrug.bsn.TestHeaders.BSN_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;

class CsvMasterPatientIndexTest {
    static final String HEADER = "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex";

    @Test
    void readsRowsAndLooksUpByLocalIdAndByBsn() {
        List<MpiPatient> rows = CsvMasterPatientIndex.parse(List.of(HEADER,
                "L1,1.2.3," + BSN_A + ",validated,\"Vries, de\",Ëlla,19700101,F",
                "L2,1.2.3,,none,Jansen,Piet,19800202,M"), "mpi.csv");
        CsvMasterPatientIndex mpi = CsvMasterPatientIndex.inMemory(rows);
        MpiPatient p = mpi.byLocalId("L1", "1.2.3").orElseThrow();
        assertThat(p.bsn()).isEqualTo(Bsn.parse(BSN_A));
        assertThat(p.bsnStatus()).isEqualTo(BsnStatus.VALIDATED);
        assertThat(p.familyName()).isEqualTo("Vries, de");
        assertThat(mpi.byLocalId("L1", "9.9")).isEmpty();
        assertThat(mpi.byBsn(Bsn.parse(BSN_A), "1.2.3")).extracting(MpiPatient::localId).containsExactly("L1");
        assertThat(mpi.byLocalId("L2", "1.2.3").orElseThrow().bsn()).isNull();
    }

    @Test
    void columnsMayComeInAnyOrder() {
        List<MpiPatient> rows = CsvMasterPatientIndex.parse(List.of(
                "bsn,local_id,local_issuer,bsn_status,sex,birth_date,given_name,family_name",
                BSN_A + ",L1,1.2.3,verified,F,19700101,Ella,Vries"), "mpi.csv");
        assertThat(rows.get(0).localId()).isEqualTo("L1");
        assertThat(rows.get(0).bsnStatus()).isEqualTo(BsnStatus.VERIFIED);
    }

    @Test
    void errorsNameTheFileLineAndColumnAndNeverTheWholeBsn() {
        assertThatThrownBy(() -> CsvMasterPatientIndex.parse(List.of(HEADER,
                "L1,1.2.3,999911121,validated,V,E,19700101,F"), "mpi.csv"))
                .isInstanceOf(MpiFormatException.class)
                .hasMessageContaining("mpi.csv line 2, column bsn")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("999911121"));
        assertThatThrownBy(() -> CsvMasterPatientIndex.parse(List.of(HEADER, "L1,1.2.3,,sure,V,E,19700101,F"), "m.csv"))
                .hasMessageContaining("m.csv line 2, column bsn_status");
        assertThatThrownBy(() -> CsvMasterPatientIndex.parse(List.of("local_id,bsn"), "m.csv"))
                .hasMessageContaining("column 'local_issuer' missing");
        assertThatThrownBy(() -> CsvMasterPatientIndex.parse(List.of(HEADER, "L1,1.2.3"), "m.csv"))
                .hasMessageContaining("m.csv line 2: 2 fields");
        assertThatThrownBy(() -> CsvMasterPatientIndex.parse(List.of(HEADER, "L1,1.2.3,,validated,V,E,,"), "m.csv"))
                .hasMessageContaining("bsn column is empty");
        assertThatThrownBy(() -> CsvMasterPatientIndex.parse(List.of(HEADER, "L" + "1".repeat(64) + ",1.2.3,,none,V,E,,"),
                "m.csv")).hasMessageContaining("m.csv line 2, column local_id: longer than the 64 characters");
    }

    @Test
    void registeringAPendingPatientAppendsItToTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mpi.csv");
        Files.writeString(file, HEADER + "\nL1,1.2.3," + BSN_A + ",validated,Vries,Ella,19700101,F", StandardCharsets.UTF_8);
        CsvMasterPatientIndex mpi = CsvMasterPatientIndex.load(file);
        MpiPatient p = mpi.registerPending(Bsn.parse(BSN_B), "1.2.3", "Jansen", "Piet", null, "M");
        assertThat(p.localId()).isEqualTo("PENDING-000001");
        CsvMasterPatientIndex reloaded = CsvMasterPatientIndex.load(file);
        assertThat(reloaded.patients()).hasSize(2);
        assertThat(reloaded.byBsn(Bsn.parse(BSN_B), "1.2.3").get(0).bsnStatus()).isEqualTo(BsnStatus.VERIFIED);
    }
}
