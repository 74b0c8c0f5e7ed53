package nl.zorgbrug.app.cli.compliance;

import picocli.CommandLine.Command;

/** {@code zorgbrug compliance ...}: measuring BSN compliance (issue 18). */
@Command(name = "compliance", mixinStandardHelpOptions = true,
        description = "Measure how far an archive carries the BSN as the Nictiz guideline asks.",
        subcommands = {ComplianceScanCommand.class, ComplianceReportCommand.class})
public final class ComplianceCommand {
}
