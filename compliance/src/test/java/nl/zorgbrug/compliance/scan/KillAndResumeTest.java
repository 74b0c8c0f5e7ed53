package nl.zorgbrug.compliance.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.compliance.ScanCorpus;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.compliance.tally.ScanSummary;

/**
 * A scan killed half-way (SIGKILL to a separate JVM: no shutdown hook, no flush) and resumed ends with the same counts
 * as one that ran through, and the resumed run reads only what the journal does not hold.
 */
class KillAndResumeTest {

    @Test
    void aScanKilledHalfWayResumesToTheSameCounts(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("tree");
        ScanCorpus.tree(tree);
        // 400 more objects in 20 studies, so the kill falls well inside the scan.
        for (int n = 0; n < 400; n++) {
            Verdict v = Verdict.values()[n % Verdict.values().length];
            VerdictCorpus.Study study = VerdictCorpus.Study.of(100 + n / 20, 100 + n / 20, "20250102", "CT");
            VerdictCorpus.write(tree.resolve("bulk").resolve(String.format("%04d.dcm", n)),
                    VerdictCorpus.header(v, study, study.uid() + "." + n));
        }
        Path mpiFile = ScanCorpus.mpi(tmp.resolve("mpi.csv"));
        CsvMasterPatientIndex mpi = CsvMasterPatientIndex.load(mpiFile);
        ScanSummary uninterrupted = Scans.folder(tree, tmp.resolve("whole.journal"), mpi, 2, 10, 0, p -> { }).run()
                .tally().summary(Scans.mpiBsn(mpi));

        Path journal = tmp.resolve("killed.journal");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Scans.class.getName(), tree.toString(), journal.toString(),
                "10", "100", mpiFile.toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (commits(journal) < 8 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("the child still scans when killed: " + Files.readString(tmp.resolve("child.log")))
                    .isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        long committed = commits(journal);
        assertThat(committed).isBetween(8L, 41L);

        FolderScan.Result resumed = Scans.folder(tree, journal, mpi, 2, 10, 0, p -> { }).run();

        assertThat(resumed.resumedFiles()).isEqualTo(committed * 10).isLessThan(425);
        assertThat(resumed.files()).isEqualTo(425);
        assertThat(resumed.tally().summary(Scans.mpiBsn(mpi))).isEqualTo(uninterrupted);
        assertThat(Files.exists(journal)).isFalse();
    }

    private static long commits(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        try (var lines = Files.lines(journal)) {
            return lines.filter(l -> l.startsWith("C\t") && l.split("\t").length == 4).count();
        }
    }

}
