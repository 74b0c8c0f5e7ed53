package nl.zorgbrug.registry.model;

import java.util.Optional;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

import nl.zorgbrug.bsn.Bsn;

/**
 * The registry's patient identifier: the BSN under the OID of the BSN register, 2.16.840.1.113883.2.4.6.3
 * (Nictiz, "OID's in de zorg"). There is no Patient Identity Feed (ITI TF-2 §3.8): a patient is known to the
 * registry when the number passes the 11-proof (Wet algemene bepalingen burgerservicenummer); anything else is
 * unknown (ITI TF-3 Table 4.2.4.1-2, XDSUnknownPatientId).
 */
public final class RegistryPatient {
    private RegistryPatient() {
    }

    /** The BSN of a patient id in CX form, or empty when it is another authority or fails the 11-proof. */
    public static Optional<Bsn> bsnOf(Identifiable patientId) {
        if (patientId == null || patientId.getAssigningAuthority() == null) {
            return Optional.empty();
        }
        AssigningAuthority authority = patientId.getAssigningAuthority();
        if (!Bsn.ISSUER_OID.equals(authority.getUniversalId())) {
            return Optional.empty();
        }
        return Bsn.tryParse(patientId.getId());
    }

    /** The patient id of a BSN as the registry writes it: BSN^^^&amp;2.16.840.1.113883.2.4.6.3&amp;ISO. */
    public static Identifiable of(Bsn bsn) {
        return new Identifiable(bsn.value(), new AssigningAuthority(Bsn.ISSUER_OID, "ISO"));
    }

    /** For error texts and logs: the authority and the last four digits, never the whole number. */
    public static String masked(Identifiable patientId) {
        if (patientId == null) {
            return "(none)";
        }
        String authority = patientId.getAssigningAuthority() == null ? "" : patientId.getAssigningAuthority().getUniversalId();
        return Bsn.mask(String.valueOf(patientId.getId())) + "^^^&" + authority + "&ISO";
    }
}
