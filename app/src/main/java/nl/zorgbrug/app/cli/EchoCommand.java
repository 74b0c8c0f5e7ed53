package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.PrintWriter;

import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.Verification;
import picocli.CommandLine.Command;

/** {@code zorgbrug dicom echo AET@host:port}: C-ECHO (Verification, PS3.4 Annex A), like dcmtk's echoscu. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Check that a DICOM peer answers: associate, C-ECHO, release. Exit code 0 on success.")
public final class EchoCommand extends PeerCommand {

    @Override
    String exchange() {
        return "C-ECHO to";
    }

    @Override
    int call(Connector connector, PrintWriter out, PrintWriter err) throws IOException {
        long start = System.nanoTime();
        Status status = Verification.echo(connector, callingAeTitle(), peer.aeTitle(), peer.host(), peer.port());
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (!status.isSuccess()) {
            err.println("error: C-ECHO to " + peer + " answered " + status);
            return FAILED;
        }
        out.println("C-ECHO to " + peer + ": " + status + " in " + ms + " ms");
        return OK;
    }
}
