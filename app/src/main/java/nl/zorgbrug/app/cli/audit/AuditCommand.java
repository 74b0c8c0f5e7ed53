package nl.zorgbrug.app.cli.audit;

import picocli.CommandLine.Command;

/** {@code zorgbrug audit ...}: the NEN 7513 audit trail (issue 17). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit trail (NEN 7513): check that it is complete and unchanged; purge records past the retention.",
        subcommands = {AuditVerifyCommand.class, AuditPurgeCommand.class})
public final class AuditCommand {
}
