package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.net.pdu.AAssociateAc;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.pdu.AAssociateRq;
import nl.zorgbrug.dicom.net.pdu.PresentationContextAc;
import nl.zorgbrug.dicom.net.pdu.PresentationContextRq;
import nl.zorgbrug.dicom.net.pdu.RoleSelection;
import nl.zorgbrug.dicom.net.pdu.UserInformation;

class NegotiatorTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String ILE = "1.2.840.10008.1.2";
    static final String ELE = "1.2.840.10008.1.2.1";
    static final String JPEG = "1.2.840.10008.1.2.4.50";

    final AcceptorPolicy policy = AcceptorPolicy.of(
            Map.of("ZORGBRUG", Set.of("MOD1", "MOD2"), "OPEN", Set.of()),
            Map.of(CT, List.of(ELE, ILE)));
    final UserInformation ours = UserInformation.of(16384, "1.2.3", "V1");

    AAssociateRq rq(String called, String calling, List<PresentationContextRq> pcs, List<RoleSelection> roles) {
        return new AAssociateRq(1, called, calling, AAssociateRq.DICOM_APPLICATION_CONTEXT, pcs,
                UserInformation.of(0, "9.9", null).withRoleSelections(roles));
    }

    @Test
    void acceptorPreferenceWinsOverProposalOrder() {
        var d = Negotiator.negotiate(rq("ZORGBRUG", "MOD1",
                List.of(new PresentationContextRq(1, CT, List.of(ILE, JPEG, ELE))), List.of()), policy, ours);
        AAssociateAc ac = ((Negotiator.Accept) d).ac();
        assertThat(ac.presentationContexts()).containsExactly(new PresentationContextAc(1, 0, ELE));
    }

    @Test
    void perContextResults() {
        var d = Negotiator.negotiate(rq("OPEN", "ANYONE", List.of(
                new PresentationContextRq(1, CT, List.of(JPEG)),
                new PresentationContextRq(3, "1.2.3.4", List.of(ILE)),
                new PresentationContextRq(5, CT, List.of(ILE))), List.of()), policy, ours);
        AAssociateAc ac = ((Negotiator.Accept) d).ac();
        assertThat(ac.presentationContexts()).containsExactly(
                new PresentationContextAc(1, PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, ""),
                new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, ""),
                new PresentationContextAc(5, PresentationContextAc.ACCEPTANCE, ILE));
    }

    @Test
    void rejectionsCarryResultSourceAndReason() {
        List<PresentationContextRq> ct = List.of(new PresentationContextRq(1, CT, List.of(ILE)));
        assertThat(reject(rq("OTHER", "MOD1", ct, List.of())))
                .isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_CALLED_AE_TITLE_NOT_RECOGNIZED));
        assertThat(reject(rq("ZORGBRUG", "STRANGER", ct, List.of())))
                .isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED));
        assertThat(reject(rq("ZORGBRUG", "MOD2", List.of(new PresentationContextRq(1, CT, List.of(JPEG))), List.of())))
                .isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_NO_REASON_GIVEN));
        AAssociateRq v2 = new AAssociateRq(2, "ZORGBRUG", "MOD1", AAssociateRq.DICOM_APPLICATION_CONTEXT, ct,
                UserInformation.of(0, null, null));
        assertThat(reject(v2)).isEqualTo(new AAssociateRj(1, 2, AAssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED));
        AAssociateRq otherContext = new AAssociateRq(1, "ZORGBRUG", "MOD1", "1.2.3", ct, UserInformation.of(0, null, null));
        assertThat(reject(otherContext))
                .isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED));
    }

    private AAssociateRj reject(AAssociateRq rq) {
        return ((Negotiator.Reject) Negotiator.negotiate(rq, policy, ours)).rj();
    }

    @Test
    void roleSelectionIsNarrowedNeverWidened() {
        AcceptorPolicy getFriendly = new AcceptorPolicy() {
            @Override
            public Set<String> allowedCallers(String calledAeTitle) {
                return Set.of();
            }

            @Override
            public List<String> transferSyntaxes(String abstractSyntax) {
                return List.of(ILE);
            }

            @Override
            public boolean requestorMayBeScp(String sopClassUid) {
                return true;
            }
        };
        AAssociateRq request = rq("X", "Y", List.of(new PresentationContextRq(1, CT, List.of(ILE))),
                List.of(new RoleSelection(CT, false, true)));
        AAssociateAc ac = ((Negotiator.Accept) Negotiator.negotiate(request, getFriendly, ours)).ac();
        assertThat(ac.userInformation().roleSelections()).containsExactly(new RoleSelection(CT, false, true));
        assertThat(Negotiator.roles(request, ac, CT)).isEqualTo(new Negotiator.Roles(false, true));

        AAssociateAc refused = ((Negotiator.Accept) Negotiator.negotiate(
                rq("ZORGBRUG", "MOD1", request.presentationContexts(), List.of(new RoleSelection(CT, true, true))),
                policy, ours)).ac();
        assertThat(refused.userInformation().roleSelections()).containsExactly(new RoleSelection(CT, true, false));
    }

    @Test
    void defaultRolesWithoutRoleSelection() {
        AAssociateRq request = rq("ZORGBRUG", "MOD1", List.of(new PresentationContextRq(1, CT, List.of(ILE))), List.of());
        AAssociateAc ac = ((Negotiator.Accept) Negotiator.negotiate(request, policy, ours)).ac();
        assertThat(ac.userInformation().roleSelections()).isEmpty();
        assertThat(Negotiator.roles(request, ac, CT)).isEqualTo(new Negotiator.Roles(true, false));
    }

    @Test
    void userIdentityAndExtendedNegotiationGoThroughThePolicy() {
        AcceptorPolicy strict = new AcceptorPolicy() {
            @Override
            public Set<String> allowedCallers(String calledAeTitle) {
                return Set.of();
            }

            @Override
            public List<String> transferSyntaxes(String abstractSyntax) {
                return List.of(ILE);
            }

            @Override
            public boolean acceptsUser(String called, nl.zorgbrug.dicom.net.pdu.UserIdentity identity) {
                return identity != null && identity.username().equals("radioloog")
                        && new String(identity.secondaryField(), java.nio.charset.StandardCharsets.UTF_8).equals("juist");
            }

            @Override
            public byte[] extendedNegotiation(String sopClassUid, byte[] requested) {
                return sopClassUid.equals(CT) ? new byte[] {requested[0], 0} : null;
            }
        };
        List<PresentationContextRq> pcs = List.of(new PresentationContextRq(1, CT, List.of(ILE)));
        java.util.function.Function<nl.zorgbrug.dicom.net.pdu.UserIdentity, AAssociateRq> withUser = id ->
                new AAssociateRq(1, "X", "Y", AAssociateRq.DICOM_APPLICATION_CONTEXT, pcs,
                        UserInformation.of(0, "9", null).withUserIdentity(id).withExtendedNegotiations(List.of(
                                new nl.zorgbrug.dicom.net.pdu.ExtendedNegotiation(CT, new byte[] {1, 1}),
                                new nl.zorgbrug.dicom.net.pdu.ExtendedNegotiation("1.2.3", new byte[] {1}))));
        assertThat(Negotiator.negotiate(withUser.apply(null), strict, ours)).isInstanceOf(Negotiator.Reject.class);
        Negotiator.Decision wrong = Negotiator.negotiate(withUser.apply(
                nl.zorgbrug.dicom.net.pdu.UserIdentity.usernameAndPasscode("radioloog", "fout", true)), strict, ours);
        assertThat(((Negotiator.Reject) wrong).rj()).isEqualTo(new AAssociateRj(1, 1, AAssociateRj.REASON_NO_REASON_GIVEN));
        assertThat(((Negotiator.Reject) wrong).why()).doesNotContain("fout");
        AAssociateAc ac = ((Negotiator.Accept) Negotiator.negotiate(withUser.apply(
                nl.zorgbrug.dicom.net.pdu.UserIdentity.usernameAndPasscode("radioloog", "juist", true)), strict, ours)).ac();
        assertThat(ac.userInformation().userIdentityServerResponse()).isEmpty();
        assertThat(ac.userInformation().extendedNegotiations()).hasSize(1);
        assertThat(ac.userInformation().extendedNegotiations().get(0).applicationInformation()).containsExactly(1, 0);
    }
}
