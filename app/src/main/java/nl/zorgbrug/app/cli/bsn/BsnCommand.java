package nl.zorgbrug.app.cli.bsn;

import picocli.CommandLine.Command;

/** {@code zorgbrug bsn ...}: the Nictiz "BSN in DICOM" rules on files. */
@Command(name = "bsn", mixinStandardHelpOptions = true,
        description = "The BSN in DICOM (Nictiz): measure objects, swap on export and import.",
        subcommands = {BsnCheckCommand.class, BsnExportCommand.class, BsnImportCommand.class})
public final class BsnCommand {
}
