package nl.zorgbrug.dicom.net.assoc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.PresentationContextAc;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.RoleSelection;
import nl.zorgbrug.dicom.net.pdu.UserInformation;

/**
 * Association negotiation as pure functions (no I/O): the acceptor's answer to an A-ASSOCIATE-RQ,
 * and the requestor's reading of the A-ASSOCIATE-AC.
 */
public final class Negotiator {
    private Negotiator() {
    }

    /** The acceptor's decision: an A-ASSOCIATE-AC or an A-ASSOCIATE-RJ with a reason for the log. */
    public sealed interface Decision permits Accept, Reject {
    }

    public record Accept(AAssociateAc ac) implements Decision {
    }

    public record Reject(AAssociateRj rj, String why) implements Decision {
    }

    /**
     * Decides on an A-ASSOCIATE-RQ. The checks, in the order PS3.8 7.1.1 lists the rejection reasons:
     * protocol version (bit 0, PS3.8 9.3.2), application context name (PS3.7 A.2.1), called AE title,
     * calling AE title, then the presentation contexts; with none acceptable the association is
     * rejected permanently by the service-user with no reason given.
     */
    public static Decision negotiate(AAssociateRq rq, AcceptorPolicy policy, UserInformation ours) {
        return negotiate(rq, policy, ours, null);
    }

    /** As {@link #negotiate(AAssociateRq, AcceptorPolicy, UserInformation)}, checking the TLS peer certificate too. */
    public static Decision negotiate(AAssociateRq rq, AcceptorPolicy policy, UserInformation ours,
                                     java.security.Principal tlsPeer) {
        if ((rq.protocolVersion() & 1) == 0) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_PROVIDER_ACSE,
                    AAssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED), "protocol version " + rq.protocolVersion()
                    + " does not include version 1");
        }
        if (!AAssociateRq.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED),
                    "application context " + rq.applicationContext() + " is not the DICOM application context");
        }
        // PS3.8 9.3.2 Table 9-11: an AE title of 16 spaces shall not be used (we read it as empty, spaces trimmed).
        if (rq.calledAeTitle().isEmpty()) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED),
                    "called AE title is all spaces, which PS3.8 9.3.2 forbids");
        }
        if (rq.callingAeTitle().isEmpty()) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED),
                    "calling AE title is all spaces, which PS3.8 9.3.2 forbids");
        }
        Set<String> callers = policy.allowedCallers(rq.calledAeTitle());
        if (callers == null) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED),
                    "called AE title '" + rq.calledAeTitle() + "' is not one of ours");
        }
        if (!callers.isEmpty() && !callers.contains(rq.callingAeTitle())) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED),
                    "calling AE title '" + rq.callingAeTitle() + "' is not allowed to call '" + rq.calledAeTitle() + "'");
        }
        if (!policy.acceptsPeerIdentity(rq.calledAeTitle(), rq.callingAeTitle(), tlsPeer)) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED), "calling AE title '" + rq.callingAeTitle()
                    + "' is bound to another TLS certificate than " + (tlsPeer == null ? "none" : "'" + tlsPeer.getName() + "'"));
        }
        if (!policy.acceptsUser(rq.calledAeTitle(), rq.userInformation().userIdentity())) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_NO_REASON_GIVEN), rq.userInformation().userIdentity() == null
                    ? "no user identity given, and one is required" : "user identity "
                    + rq.userInformation().userIdentity() + " not accepted");
        }
        List<PresentationContextAc> results = new ArrayList<>();
        boolean any = false;
        for (PresentationContextRq pc : rq.presentationContexts()) {
            PresentationContextAc r = negotiate(pc, policy);
            any |= r.accepted();
            results.add(r);
        }
        if (!any) {
            return new Reject(new AAssociateRj(AAssociateRj.RESULT_PERMANENT, AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_NO_REASON_GIVEN), "none of the " + rq.presentationContexts().size()
                    + " proposed presentation contexts is acceptable");
        }
        List<RoleSelection> roles = new ArrayList<>();
        for (RoleSelection proposed : rq.userInformation().roleSelections()) {
            // PS3.7 D.3.3.4: the acceptor may only narrow what was proposed.
            roles.add(new RoleSelection(proposed.sopClassUid(),
                    proposed.scu() && policy.requestorMayBeScu(proposed.sopClassUid()),
                    proposed.scp() && policy.requestorMayBeScp(proposed.sopClassUid())));
        }
        List<nl.zorgbrug.dicom.net.pdu.ExtendedNegotiation> extended = new ArrayList<>();
        for (nl.zorgbrug.dicom.net.pdu.ExtendedNegotiation asked : rq.userInformation().extendedNegotiations()) {
            byte[] answer = policy.extendedNegotiation(asked.sopClassUid(), asked.applicationInformation());
            if (answer != null) {
                extended.add(new nl.zorgbrug.dicom.net.pdu.ExtendedNegotiation(asked.sopClassUid(), answer));
            }
        }
        UserInformation ui = ours.withRoleSelections(roles).withExtendedNegotiations(extended);
        if (rq.userInformation().asyncOpsInvoked() >= 0) {
            // We perform operations one at a time: answer 1/1 (PS3.7 D.3.3.3).
            ui = ui.withAsyncOps(1, 1);
        }
        if (rq.userInformation().userIdentity() != null && rq.userInformation().userIdentity().positiveResponseRequested()) {
            // PS3.7 D.3.3.7.2: the server response is empty for username and username+passcode.
            ui = ui.withUserIdentityServerResponse(new byte[0]);
        }
        return new Accept(new AAssociateAc(1, rq.calledAeTitle(), rq.callingAeTitle(),
                AAssociateRq.DICOM_APPLICATION_CONTEXT, results, ui));
    }

    /** One presentation context: our first preferred transfer syntax that was proposed wins. */
    public static PresentationContextAc negotiate(PresentationContextRq pc, AcceptorPolicy policy) {
        List<String> ours = policy.transferSyntaxes(pc.abstractSyntax());
        if (ours == null || ours.isEmpty()) {
            return new PresentationContextAc(pc.id(), PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, "");
        }
        for (String ts : ours) {
            if (pc.transferSyntaxes().contains(ts)) {
                return new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE, ts);
            }
        }
        return new PresentationContextAc(pc.id(), PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, "");
    }

    /** The roles in effect for a SOP class after negotiation, seen from the requestor. */
    public record Roles(boolean requestorIsScu, boolean requestorIsScp) {
    }

    /**
     * PS3.7 D.3.3.4: without a role selection item the requestor is SCU only; with one proposed and
     * answered, the answer (never more than the proposal); proposed but not answered, the default.
     */
    public static Roles roles(AAssociateRq rq, AAssociateAc ac, String sopClassUid) {
        RoleSelection proposed = rq.userInformation().roleSelection(sopClassUid);
        RoleSelection answered = ac.userInformation().roleSelection(sopClassUid);
        if (proposed == null || answered == null) {
            return new Roles(true, false);
        }
        return new Roles(proposed.scu() && answered.scu(), proposed.scp() && answered.scp());
    }
}
