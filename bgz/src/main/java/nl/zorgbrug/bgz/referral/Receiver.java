package nl.zorgbrug.bgz.referral;

import java.net.URI;
import java.util.Objects;

import nl.zorgbrug.bgz.specialism.Specialism;

/**
 * The institution a BgZ is sent to on referral, as the address book names it (key, name, URA, its institution type
 * for shielding and consent scopes), with the base of its BgZ endpoint (FHIR STU3), where the Task is posted, and the
 * token it issued us for posting Tasks; and the specialism of the department the referral is for (null: the
 * institution as a whole, when the address book lists no specialisms for it).
 */
public record Receiver(String key, String name, String ura, String institutionType, URI stu3Base, String notifyToken,
                       Specialism specialism) {
    public Receiver {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stu3Base, "stu3Base");
        if (ura == null || !ura.matches("\\d{8}")) {
            throw new IllegalArgumentException("institution " + name + " has no URA in the address book: a BgZ is "
                    + "sent only to an organisation named by its URA (8 digits); add it to its entry");
        }
        if (notifyToken == null || notifyToken.isBlank()) {
            throw new IllegalArgumentException("no token for posting a Task to " + name + ": set "
                    + "zorgbrug.bgz.peers[].notify-token to the token " + name + " issued this hospital");
        }
        institutionType = institutionType == null || institutionType.isBlank() ? "V4" : institutionType;
    }

    /** The institution as a whole, no department named. */
    public Receiver(String key, String name, String ura, String institutionType, URI stu3Base, String notifyToken) {
        this(key, name, ura, institutionType, stu3Base, notifyToken, null);
    }
}
