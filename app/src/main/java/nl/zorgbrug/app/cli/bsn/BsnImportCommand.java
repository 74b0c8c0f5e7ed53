package nl.zorgbrug.app.cli.bsn;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.swap.Importer;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.bsn.swap.UnknownPatientPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zorgbrug bsn import}: the import swap on files. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Swap the local patient number into incoming objects (Nictiz BSN in DICOM).",
                "Only a valid BSN with issuer 2.16.840.1.113883.2.4.6.3 is imported automatically; everything else "
                        + "goes unchanged to the quarantine folder with a .reason.json beside it.",
                "Exit code 0: all imported; 1: some quarantined or held; 2: errors."})
public final class BsnImportCommand implements Callable<Integer> {
    @Mixin
    SwapOptions options;

    @Option(names = "--quarantine", required = true, paramLabel = "DIR", description = "Where refused objects go.")
    Path quarantine;

    @Option(names = "--unknown-patient", paramLabel = "POLICY", defaultValue = "QUARANTINE",
            description = "A BSN no local patient has: QUARANTINE, or REGISTER_PENDING (adds a pending patient to the MPI CSV)."
                    + " Default: ${DEFAULT-VALUE}.")
    UnknownPatientPolicy unknownPatient;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CsvMasterPatientIndex mpi;
        List<InputFiles.Input> inputs;
        try {
            mpi = CsvMasterPatientIndex.load(options.mpi);
            inputs = InputFiles.expand(options.inputs);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot read the MPI file " + options.mpi + ": " + e);
            return 2;
        } catch (RuntimeException e) {
            // MPI format errors name file, line and column; missing inputs name the path.
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        Importer importer = new Importer(new SwapPolicy(options.localIssuer, options.modifyingSystem, null, unknownPatient), mpi);
        return new SwapFiles("import", head -> importer.decide(head, Instant.now()), options.out, quarantine,
                spec.commandLine().getOut()).run(inputs);
    }
}
