package nl.zorgbrug.audit.event;

/**
 * A system at one end of a transfer (NEN 7513: source and destination; PS3.15 A.5.1 "Source"/"Destination" active
 * participants): the name we know it by (a route, an institution in the address book), its AE title and its
 * address. Any field but the name may be null.
 */
public record Peer(String name, String aeTitle, String address) {
    public Peer {
        java.util.Objects.requireNonNull(name, "name");
    }

    public static Peer named(String name) {
        return new Peer(name, null, null);
    }
}
