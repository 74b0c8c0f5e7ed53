package nl.zorgbrug.app.cli.bsn;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options export and import share. */
final class SwapOptions {
    @Option(names = "--mpi", required = true, paramLabel = "MPI.csv",
            description = "Master patient index CSV: local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex.")
    Path mpi;

    @Option(names = "--local-issuer", required = true, paramLabel = "OID",
            description = "Issuer of Patient ID of this hospital's patient numbers.")
    String localIssuer;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where swapped objects go (never overwritten).")
    Path out;

    @Option(names = "--modifying-system", paramLabel = "NAME", defaultValue = "ZORGBRUG",
            description = "Modifying System (0400,0563) in the Original Attributes Sequence (default: ${DEFAULT-VALUE}).")
    String modifyingSystem;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "DICOM files or directories (walked recursively);"
            + " with several, each goes under a folder of its own name in --out.")
    List<Path> inputs;
}
