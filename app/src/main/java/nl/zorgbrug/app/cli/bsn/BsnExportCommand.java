package nl.zorgbrug.app.cli.bsn;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zorgbrug bsn export}: the export swap on files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Swap the BSN into objects leaving the hospital (Nictiz BSN in DICOM).",
                "Held objects go unchanged to the quarantine folder with a .reason.json beside them.",
                "Exit code 0: all swapped; 1: some held; 2: errors."})
public final class BsnExportCommand implements Callable<Integer> {
    @Mixin
    SwapOptions options;

    @Option(names = "--quarantine", paramLabel = "DIR",
            description = "Where held objects go (default: the --out folder's sibling '<out>-quarantine').")
    Path quarantine;

    @Option(names = "--institution", paramLabel = "NAME",
            description = "Source of Previous Values (0400,0564) for the record of the swap (default: the local issuer).")
    String institution;

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
        ExportSwap swap = new ExportSwap(new SwapPolicy(options.localIssuer, options.modifyingSystem, institution, null));
        Path q = quarantine != null ? quarantine
                : options.out.toAbsolutePath().resolveSibling(options.out.toAbsolutePath().getFileName() + "-quarantine");
        return new SwapFiles("export", head -> swap.decide(head, mpi, Instant.now()), options.out, q,
                spec.commandLine().getOut()).run(inputs);
    }
}
