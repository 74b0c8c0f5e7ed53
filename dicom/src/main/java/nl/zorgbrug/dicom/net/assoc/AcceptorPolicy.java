package nl.zorgbrug.dicom.net.assoc;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an acceptor answers to: its AE titles, each with the calling AE titles it accepts (an empty
 * set accepts any caller), and for each abstract syntax the transfer syntaxes it accepts in order
 * of preference (PS3.8 leaves the choice to the acceptor; we take our first that was proposed).
 */
public interface AcceptorPolicy {

    /** The calling AE titles allowed for a called AE title, empty for "any"; null when we do not answer to it. */
    Set<String> allowedCallers(String calledAeTitle);

    /** Transfer syntaxes accepted for an abstract syntax, best first; empty when the abstract syntax is not supported. */
    List<String> transferSyntaxes(String abstractSyntax);

    /** Whether the requestor may act as SCU for this SOP class (the default role, PS3.7 D.3.3.4). */
    default boolean requestorMayBeScu(String sopClassUid) {
        return true;
    }

    /** Whether the requestor may act as SCP (e.g. for C-GET storage sub-operations); off unless a service says so. */
    default boolean requestorMayBeScp(String sopClassUid) {
        return false;
    }

    /**
     * Whether the TLS peer certificate fits the calling AE title (the certificate subject bound to the
     * caller); {@code tlsPeer} is null without TLS or without a client certificate. Default: no binding.
     */
    default boolean acceptsPeerIdentity(String calledAeTitle, String callingAeTitle, java.security.Principal tlsPeer) {
        return true;
    }

    /**
     * User Identity Negotiation (PS3.7 D.3.3.7): whether the requestor's identity (null when none was sent)
     * is accepted. A refused identity is rejected permanently by the service-user with no reason given,
     * as PS3.7 D.3.3.7.3 prescribes. Default: accept (no identity required).
     */
    default boolean acceptsUser(String calledAeTitle, nl.zorgbrug.dicom.net.pdu.UserIdentity identity) {
        return true;
    }

    /**
     * SOP Class Extended Negotiation (PS3.7 D.3.3.5): our answer to the requestor's service-class
     * application information for a SOP class, or null to leave it unanswered (the default: the
     * requestor then assumes no extended behaviour).
     */
    default byte[] extendedNegotiation(String sopClassUid, byte[] requested) {
        return null;
    }

    /** A simple table-driven policy. */
    static AcceptorPolicy of(Map<String, Set<String>> aeTitles, Map<String, List<String>> syntaxes) {
        Map<String, Set<String>> ae = Map.copyOf(aeTitles);
        Map<String, List<String>> ts = Map.copyOf(syntaxes);
        return new AcceptorPolicy() {
            @Override
            public Set<String> allowedCallers(String calledAeTitle) {
                return ae.get(calledAeTitle);
            }

            @Override
            public List<String> transferSyntaxes(String abstractSyntax) {
                return ts.getOrDefault(abstractSyntax, List.of());
            }
        };
    }
}
