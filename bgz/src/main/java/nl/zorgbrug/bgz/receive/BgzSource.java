package nl.zorgbrug.bgz.receive;

import java.util.Objects;

/**
 * The institution a received BgZ came from, as the address book names it: its key and name, its URA, and the base of
 * the FHIR endpoint the BgZ was read from. {@code key} and {@code ura} may be null only for an institution the address
 * book does not hold (the node then names it by the endpoint it asked).
 */
public record BgzSource(String key, String name, String ura, String base) {
    public BgzSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
    }
}
