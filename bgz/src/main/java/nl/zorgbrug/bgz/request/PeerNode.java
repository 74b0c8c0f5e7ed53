package nl.zorgbrug.bgz.request;

import java.net.URI;
import java.util.Objects;

/**
 * An institution the BgZ is requested from: its name (as the address book has it) and the base of its
 * BgZ MSZ 2.0 endpoint (FHIR STU3), e.g. {@code https://fhir.other-hospital.example/fhir/stu3}.
 */
public record PeerNode(String name, URI stu3Base) {
    public PeerNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stu3Base, "stu3Base");
        String scheme = stu3Base.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("the BgZ endpoint of " + name + " must be an http(s) URL, not "
                    + stu3Base + ": give its FHIR STU3 base, such as https://host/fhir/stu3");
        }
    }
}
