package nl.zorgbrug.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import nl.zorgbrug.app.cli.DicomCommand;
import nl.zorgbrug.app.cli.audit.AuditCommand;
import nl.zorgbrug.app.cli.bsn.BsnCommand;
import nl.zorgbrug.app.node.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one launcher for people: {@code bin/zorgbrug <command>}. */
@Command(name = "zorgbrug", mixinStandardHelpOptions = true, versionProvider = ZorgbrugCommand.Version.class,
        description = "Zorgbrug: the exchange node at a Dutch hospital's border (DICOM with the BSN, BgZ).",
        subcommands = {ServeCommand.class, DicomCommand.class, BsnCommand.class, AuditCommand.class,
                nl.zorgbrug.app.security.PasswordHashCommand.class,
                nl.zorgbrug.app.cli.compliance.ComplianceCommand.class})
public final class ZorgbrugCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZorgbrugCommand()).execute(args));
    }

    /** Reads the version that Maven wrote into version.properties at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = ZorgbrugCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"zorgbrug " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
