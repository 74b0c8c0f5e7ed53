package nl.zorgbrug.bsn.identity;

import static nl.zorgbrug.bsn.TestHeaders.BSN_A;
import static nl.zorgbrug.bsn.TestHeaders.LOCAL_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.TestHeaders;

class PatientIdentityTest {

    @Test
    void collectsEveryIdWithItsIssuerAndWhereItWasFound() {
        PatientIdentity id = PatientIdentity.of(TestHeaders.local("L1").qualifiers(LOCAL_ISSUER, "ISO")
                .otherId(BSN_A, Bsn.ISSUER_OID).otherId("X9", null).retiredOtherIds("R1", "R2").build());
        assertThat(id.patientId().id()).isEqualTo("L1");
        assertThat(id.patientId().issuer()).isEqualTo(LOCAL_ISSUER);
        assertThat(id.patientId().universalEntityId()).isEqualTo(LOCAL_ISSUER);
        assertThat(id.patientId().universalEntityIdType()).isEqualTo("ISO");
        assertThat(id.allIds()).extracting(PatientId::where)
                .containsExactly("(0010,0020)", "(0010,1002)[1]", "(0010,1002)[2]", "(0010,1000)[1]", "(0010,1000)[2]");
        assertThat(id.otherIds().get(0).type()).isEqualTo("TEXT");
        assertThat(id.bsnItemsInSequence()).extracting(PatientId::id).containsExactly(BSN_A);
        assertThat(id.sequenceHolds(BSN_A, Bsn.ISSUER_OID)).isTrue();
        assertThat(id.sequenceHolds(BSN_A, LOCAL_ISSUER)).isFalse();
        assertThat(id.patientName()).isEqualTo("Vries^Ëlla");
        assertThat(id.birthDate()).isEqualTo("19700101");
    }

    @Test
    void theIssuerComesFromTheQualifiersWhenIssuerOfPatientIdIsAbsent() {
        PatientId p = PatientIdentity.of(TestHeaders.local(BSN_A).noIssuer().qualifiers(Bsn.ISSUER_OID, "ISO").build())
                .patientId();
        assertThat(p.effectiveIssuer()).isEqualTo(Bsn.ISSUER_OID);
        assertThat(p.issuedAsBsn()).isTrue();
    }

    @Test
    void contradictingIssuersAreNotABsnIssuer() {
        PatientId p = PatientIdentity.of(TestHeaders.local(BSN_A).id(BSN_A, Bsn.ISSUER_OID)
                .qualifiers(LOCAL_ISSUER, "ISO").build()).patientId();
        assertThat(p.issuedAsBsn()).isFalse();
        PatientId wrongType = PatientIdentity.of(TestHeaders.local(BSN_A).noIssuer()
                .qualifiers(Bsn.ISSUER_OID, "DNS").build()).patientId();
        assertThat(wrongType.issuedAsBsn()).isFalse();
    }

    @Test
    void toStringMasksTheId() {
        PatientId p = PatientIdentity.of(TestHeaders.local(BSN_A).build()).patientId();
        assertThat(p.toString()).doesNotContain(BSN_A).contains("*****1120");
    }
}
