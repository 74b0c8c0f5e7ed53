package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Callable;

import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.RoleSelection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every command that calls a DICOM peer shares (echo, find, send, move, get): the peer address, our
 * calling AE title, the network and TLS options, and the exit codes — 0 when the peer did what was asked,
 * {@value #FAILED} when it did not or could not be reached (one line on stderr says why), 2 for a usage error
 * (picocli's own).
 */
abstract class PeerCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;

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

    /** How the failure line names the exchange with the peer, e.g. "C-ECHO to" or "C-MOVE from". */
    abstract String exchange();

    /** Does the command's work with the peer; returns the exit code. */
    abstract int call(Connector connector, PrintWriter out, PrintWriter err) throws IOException, GeneralSecurityException;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return call(new Connector(net.associationOptions(), tls.socketFactory()), spec.commandLine().getOut(), err);
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            err.println("error: " + exchange() + " " + peer + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    /** Our AE title, checked (PS3.5 6.2). */
    String callingAeTitle() {
        return PeerAddress.checkAeTitle(callingAeTitle);
    }

    /** An association with the peer proposing these presentation contexts (and SCP/SCU roles, PS3.7 D.3.3.4). */
    Association associate(Connector connector, List<PresentationContextRq> contexts, List<RoleSelection> roles)
            throws IOException {
        return connector.connect(peer.host(), peer.port(), connector.request(callingAeTitle(), peer.aeTitle(), contexts,
                roles, null));
    }
}
