package nl.zorgbrug.app.addressbook;

import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * An address-book entry as the REST API reads and writes it: the columns of the table and the CSV
 * (docs/api, openapi.yaml). The gateway's {@link Institution} holds its endpoints as typed values; this
 * keeps the JSON as it was.
 */
public record InstitutionJson(String key, String name, String ura, String agb, String patientIdIssuerOid,
                              String aeTitle, String host, int port, boolean tls, String stowRsUrl,
                              String email, String phone, boolean storageCommitment, String certificateSubject) {

    static InstitutionJson of(Institution i) {
        return new InstitutionJson(i.key(), i.name(), i.ura(), i.agb(), i.patientIdIssuerOid(), i.aeTitle(), i.host(),
                i.port(), i.tls(), i.stowRsUrl(), i.email(), i.phone(), i.storageCommitment(), i.certificateSubject());
    }

    Institution toInstitution() {
        return new Institution(key, name, ura, agb, patientIdIssuerOid, aeTitle, host, port, tls, stowRsUrl, email,
                phone, storageCommitment, certificateSubject);
    }
}
