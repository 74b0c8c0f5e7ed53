package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.MissingIssuer;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.compliance.tally.MpiBsn;

/** How the tests (and the kill test's child process) set a folder scan up over the corpus. */
public final class Scans {
    private Scans() {
    }

    public static HeaderClassifier classifier(CsvMasterPatientIndex mpi) {
        SwapCheck swap = mpi == null ? null : new SwapCheck(new ExportSwap(SwapPolicy.of(VerdictCorpus.LOCAL_ISSUER)), mpi,
                MissingIssuer.HOLD, Instant.parse("2026-01-01T00:00:00Z"));
        return new HeaderClassifier(new BsnClassifier(VerdictCorpus.rules()), swap);
    }

    public static MpiBsn mpiBsn(CsvMasterPatientIndex mpi) {
        return mpi == null ? MpiBsn.none() : MpiBsns.of(mpi, VerdictCorpus.LOCAL_ISSUER);
    }

    public static FolderScan folder(Path source, Path journal, CsvMasterPatientIndex mpi, int threads, int chunk,
                                    double perSecond, Consumer<ScanProgress> progress) throws IOException {
        return new FolderScan(FileSource.of(source), new FileReader(classifier(mpi)),
                new FolderScan.Settings(threads, chunk, new Throttle(perSecond), journal), progress);
    }

    /** The kill test's child: scans args[0] with journal args[1], chunks of args[2] files, args[3] files/s. */
    public static void main(String[] args) throws Exception {
        CsvMasterPatientIndex mpi = CsvMasterPatientIndex.load(Path.of(args[4]));
        folder(Path.of(args[0]), Path.of(args[1]), mpi, 2, Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                p -> System.out.println(p.line("files"))).run();
        System.out.println("done");
    }
}
