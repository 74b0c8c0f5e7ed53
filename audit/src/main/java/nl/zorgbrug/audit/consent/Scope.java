package nl.zorgbrug.audit.consent;

import java.util.Objects;

import nl.zorgbrug.audit.event.Ura;

/**
 * Whom a consent covers (issue 17): one institution (by URA), a type of institution (the Vektis/AGB type code that
 * Mitz uses, e.g. "V4" for a hospital), or all caregivers.
 */
public sealed interface Scope permits Scope.AllCaregivers, Scope.InstitutionType, Scope.OneInstitution {

    boolean covers(Requester requester);

    record AllCaregivers() implements Scope {
        @Override
        public boolean covers(Requester requester) {
            return true;
        }
    }

    record InstitutionType(String typeCode) implements Scope {
        public InstitutionType {
            Objects.requireNonNull(typeCode, "typeCode");
        }

        @Override
        public boolean covers(Requester requester) {
            return typeCode.equals(requester.institutionType());
        }
    }

    record OneInstitution(Ura ura) implements Scope {
        public OneInstitution {
            Objects.requireNonNull(ura, "ura");
        }

        @Override
        public boolean covers(Requester requester) {
            return ura.equals(requester.ura());
        }
    }
}
