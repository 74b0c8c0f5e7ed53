package nl.zorgbrug.app.cli;

import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import picocli.CommandLine.Option;

/** Options every network command shares: timeouts and PDU size. */
public final class NetworkOptions {
    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "TCP connect timeout. Default: ${DEFAULT-VALUE}.")
    int connectTimeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for a response from the peer. Default: ${DEFAULT-VALUE}.")
    int responseTimeout;

    @Option(names = "--max-pdu", paramLabel = "BYTES", defaultValue = "262144",
            description = "Maximum PDU length we receive (PS3.8 D.1). Default: ${DEFAULT-VALUE}.")
    int maxPdu;

    AssociationOptions associationOptions() {
        return new AssociationOptions(maxPdu, AssociationOptions.DEFAULT.maxSendPduLength(), connectTimeout * 1000,
                AssociationOptions.DEFAULT.artimTimeout(), AssociationOptions.DEFAULT.idleTimeout(),
                responseTimeout * 1000, AssociationOptions.DEFAULT.writeTimeout(),
                AssociationOptions.DEFAULT.implementationClassUid(),
                AssociationOptions.DEFAULT.implementationVersionName());
    }
}
