package nl.zorgbrug.audit.event;

import java.util.Objects;

/**
 * A URA (UZI-register abonneenummer): the number by which the UZI register (CIBG) knows a care organisation, eight
 * digits. It names the organisation on whose behalf a user acts (NEN 7513: the "verantwoordelijke").
 */
public record Ura(String value) {
    public Ura {
        Objects.requireNonNull(value, "URA");
        if (!value.matches("[0-9]{8}")) {
            throw new IllegalArgumentException("not a URA: '" + value + "' must be the eight digits the UZI register"
                    + " gave the organisation (see the organisation's UZI server certificate)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
