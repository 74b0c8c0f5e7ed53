package nl.zorgbrug.dicom.net.pdu;

import java.nio.charset.StandardCharsets;

/**
 * User Identity Negotiation sub-item of the A-ASSOCIATE-RQ (PS3.7 D.3.3.7.1). The passcode is
 * never printed by {@link #toString()}.
 */
public record UserIdentity(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {
    public static final int USERNAME = 1;
    public static final int USERNAME_AND_PASSCODE = 2;
    public static final int KERBEROS = 3;
    public static final int SAML = 4;
    public static final int JWT = 5;

    public UserIdentity {
        primaryField = primaryField.clone();
        secondaryField = secondaryField == null ? new byte[0] : secondaryField.clone();
    }

    public static UserIdentity username(String username, boolean positiveResponseRequested) {
        return new UserIdentity(USERNAME, positiveResponseRequested, username.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    public static UserIdentity usernameAndPasscode(String username, String passcode, boolean positiveResponseRequested) {
        return new UserIdentity(USERNAME_AND_PASSCODE, positiveResponseRequested,
                username.getBytes(StandardCharsets.UTF_8), passcode.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] primaryField() {
        return primaryField.clone();
    }

    @Override
    public byte[] secondaryField() {
        return secondaryField.clone();
    }

    public String username() {
        return new String(primaryField, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "UserIdentity[type=" + type + ", positiveResponseRequested=" + positiveResponseRequested
                + (type == USERNAME || type == USERNAME_AND_PASSCODE ? ", username=" + username() : "") + "]";
    }
}
