package nl.zorgbrug.audit.consent;

import java.util.Objects;

import nl.zorgbrug.audit.event.Ura;

/**
 * Who asks for the data (the Mitz subject): the organisation (URA) and its type, and the person's role and UZI
 * number when known (a system-to-system pull may name no person).
 */
public record Requester(Ura ura, String institutionType, String role, String uziNumber) {
    public Requester {
        Objects.requireNonNull(ura, "ura");
        Objects.requireNonNull(institutionType, "institutionType");
    }

    public static Requester organisation(Ura ura, String institutionType) {
        return new Requester(ura, institutionType, null, null);
    }
}
