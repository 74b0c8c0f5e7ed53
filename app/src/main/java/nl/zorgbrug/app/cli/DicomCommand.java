package nl.zorgbrug.app.cli;

import picocli.CommandLine.Command;

/** {@code zorgbrug dicom ...}: tools on DICOM files and for talking to DICOM peers. */
@Command(name = "dicom", mixinStandardHelpOptions = true, description = "DICOM tools.",
        subcommands = {DumpCommand.class, ExampleCommand.class, EchoCommand.class, SendCommand.class,
                ListenCommand.class, FindCommand.class, RetrieveCommand.Move.class, RetrieveCommand.Get.class})
public final class DicomCommand {
}
