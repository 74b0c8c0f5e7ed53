package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zorgbrug dicom echo AET@host:port}: C-ECHO (Verification, PS3.4 Annex A), like dcmtk's echoscu. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Check that a DICOM peer answers: associate, C-ECHO, release. Exit code 0 on success.")
public final class EchoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "AET@HOST:PORT", converter = PeerAddress.Converter.class,
            description = "The peer, e.g. PACS@10.0.0.5:104.")
    PeerAddress peer;

    @Option(names = "--aet", paramLabel = "AET", defaultValue = "ZORGBRUG",
            description = "Our (calling) AE title. Default: ${DEFAULT-VALUE}.")
    String callingAeTitle;

    @Mixin
    NetworkOptions net;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        try {
            Connector connector = new Connector(net.associationOptions(), tls.socketFactory());
            Status status = Verification.echo(connector, PeerAddress.checkAeTitle(callingAeTitle), peer.aeTitle(),
                    peer.host(), peer.port());
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (!status.isSuccess()) {
                spec.commandLine().getErr().println("error: C-ECHO to " + peer + " answered " + status);
                return 1;
            }
            spec.commandLine().getOut().println("C-ECHO to " + peer + ": " + status + " in " + ms + " ms");
            return 0;
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            spec.commandLine().getErr().println("error: C-ECHO to " + peer + " failed: " + e.getMessage());
            return 1;
        }
    }
}
