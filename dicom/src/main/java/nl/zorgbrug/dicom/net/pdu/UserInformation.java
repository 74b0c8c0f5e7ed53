package nl.zorgbrug.dicom.net.pdu;

import java.util.List;

/**
 * User Information item (PS3.8 9.3.2.3, PS3.7 Annex D.3.3).
 *
 * @param maxPduLength            maximum length of the variable field of P-DATA-TF PDUs the sender
 *                                can receive; 0 means no limit (PS3.8 D.1)
 * @param asyncOpsInvoked         maximum number of operations invoked, or -1 when the sub-item is absent
 *                                (then 1 applies, PS3.7 D.3.3.3)
 * @param userIdentity            only in an A-ASSOCIATE-RQ, else null
 * @param userIdentityServerResponse only in an A-ASSOCIATE-AC, else null
 */
public record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionName,
                              int asyncOpsInvoked, int asyncOpsPerformed, List<RoleSelection> roleSelections,
                              List<ExtendedNegotiation> extendedNegotiations,
                              List<CommonExtendedNegotiation> commonExtendedNegotiations,
                              UserIdentity userIdentity, byte[] userIdentityServerResponse) {
    public UserInformation {
        roleSelections = List.copyOf(roleSelections);
        extendedNegotiations = List.copyOf(extendedNegotiations);
        commonExtendedNegotiations = List.copyOf(commonExtendedNegotiations);
    }

    public static UserInformation of(long maxPduLength, String implementationClassUid, String implementationVersionName) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, -1, -1,
                List.of(), List.of(), List.of(), null, null);
    }

    public UserInformation withRoleSelections(List<RoleSelection> roles) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsInvoked,
                asyncOpsPerformed, roles, extendedNegotiations, commonExtendedNegotiations, userIdentity,
                userIdentityServerResponse);
    }

    public UserInformation withAsyncOps(int invoked, int performed) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, invoked, performed,
                roleSelections, extendedNegotiations, commonExtendedNegotiations, userIdentity, userIdentityServerResponse);
    }

    public UserInformation withExtendedNegotiations(List<ExtendedNegotiation> ext) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsInvoked,
                asyncOpsPerformed, roleSelections, ext, commonExtendedNegotiations, userIdentity, userIdentityServerResponse);
    }

    public UserInformation withCommonExtendedNegotiations(List<CommonExtendedNegotiation> common) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsInvoked,
                asyncOpsPerformed, roleSelections, extendedNegotiations, common, userIdentity, userIdentityServerResponse);
    }

    public UserInformation withUserIdentity(UserIdentity identity) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsInvoked,
                asyncOpsPerformed, roleSelections, extendedNegotiations, commonExtendedNegotiations, identity,
                userIdentityServerResponse);
    }

    public UserInformation withUserIdentityServerResponse(byte[] response) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsInvoked,
                asyncOpsPerformed, roleSelections, extendedNegotiations, commonExtendedNegotiations, userIdentity,
                response == null ? null : response.clone());
    }

    public RoleSelection roleSelection(String sopClassUid) {
        for (RoleSelection r : roleSelections) {
            if (r.sopClassUid().equals(sopClassUid)) {
                return r;
            }
        }
        return null;
    }
}
