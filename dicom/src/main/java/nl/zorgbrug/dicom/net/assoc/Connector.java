package nl.zorgbrug.dicom.net.assoc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import javax.net.SocketFactory;

import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.RoleSelection;
import nl.zorgbrug.dicom.net.pdu.UserIdentity;
import nl.zorgbrug.dicom.net.pdu.UserInformation;

/** Opens associations as requestor: TCP (or TLS through the socket factory), then A-ASSOCIATE-RQ. */
public final class Connector {
    private final AssociationOptions options;
    private final SocketFactory socketFactory;
    private final WriteWatchdog watchdog = new WriteWatchdog();

    public Connector(AssociationOptions options) {
        this(options, SocketFactory.getDefault());
    }

    /** With an {@code SSLSocketFactory} for DICOM TLS (PS3.15 B.1). */
    public Connector(AssociationOptions options, SocketFactory socketFactory) {
        this.options = options;
        this.socketFactory = socketFactory;
    }

    public AssociationOptions options() {
        return options;
    }

    /** The request we send: our implementation identity, maximum PDU length, and the given contexts and roles. */
    public AAssociateRq request(String callingAeTitle, String calledAeTitle, List<PresentationContextRq> contexts,
                                List<RoleSelection> roles, UserIdentity identity) {
        UserInformation ui = UserInformation.of(options.maxPduLength(), options.implementationClassUid(),
                options.implementationVersionName()).withRoleSelections(roles).withUserIdentity(identity);
        return new AAssociateRq(1, calledAeTitle, callingAeTitle, AAssociateRq.DICOM_APPLICATION_CONTEXT, contexts, ui);
    }

    public Association connect(String host, int port, AAssociateRq rq) throws IOException {
        Socket socket = socketFactory.createSocket();
        return Association.request(socket, new InetSocketAddress(host, port), rq, options, watchdog);
    }
}
