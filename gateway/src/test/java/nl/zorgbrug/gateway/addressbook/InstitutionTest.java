package nl.zorgbrug.gateway.addressbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The address book's columns become typed endpoints, and back, without losing a field or a check. */
class InstitutionTest {

    @Test
    void anEntryWithBothAnAeTitleAndAStowRsUrlIsDeliveredByDicomAndKeepsBoth() {
        Institution both = new Institution("umcx", "UMC X", null, null, null, "UMCX", "pacs.umcx.test", 11112, true,
                "https://umcx.test/dicomweb", null, null, true, "CN=pacs.umcx.test,O=UMC X,C=NL");
        assertThat(both.endpoint()).contains(new DicomEndpoint("UMCX", "pacs.umcx.test", 11112, true, true,
                "CN=pacs.umcx.test,O=UMC X,C=NL"));
        assertThat(both.endpoints()).containsExactly(both.dicom().orElseThrow(),
                new StowRsEndpoint("https://umcx.test/dicomweb"));
        assertThat(new Institution(both.key(), both.name(), both.ura(), both.agb(), both.patientIdIssuerOid(),
                both.aeTitle(), both.host(), both.port(), both.tls(), both.stowRsUrl(), both.email(), both.phone(),
                both.storageCommitment(), both.certificateSubject())).isEqualTo(both);
    }

    @Test
    void anEntryWithOnlyAUrlIsDeliveredByStowRs() {
        Institution web = new Institution("peer", "Peer", null, null, null, "", "", 0, false,
                "https://peer.test/dicom-web", null, null);
        assertThat(web.endpoint()).contains(new StowRsEndpoint("https://peer.test/dicom-web"));
        assertThat(web.aeTitle()).isNull();
        assertThat(new StowRsEndpoint("https://peer.test/dicom-web/").studiesUrl())
                .isEqualTo("https://peer.test/dicom-web/studies");
    }

    @Test
    void anEntryWithoutEndpointHasNone() {
        assertThat(new Institution("x", "X", null, null, null, null, null, 0, false, null, null, null).endpoint())
                .isEmpty();
    }

    @Test
    void dicomFieldsWithoutAnAeTitleAreKeptAndReported() {
        Institution noAe = new Institution("a", "A", null, null, null, null, null, 0, false, "ftp://x", null, null,
                true, "CN=x");
        assertThat(noAe.storageCommitment()).isTrue();
        assertThat(noAe.problems()).anyMatch(p -> p.startsWith("storageCommitment: needs a DICOM AE title"))
                .anyMatch(p -> p.startsWith("certificateSubject: binds an AE title"))
                .anyMatch(p -> p.startsWith("stowRsUrl: an http(s) URL"));
    }

    @Test
    void aPluggedEndpointIsDeliveredByAndReportsItsOwnProblems() {
        record Sftp(String host) implements PluggedEndpoint {
            @Override
            public List<String> problems() {
                return host.isBlank() ? List.of("sftp host: required") : List.of();
            }
        }
        Institution i = new Institution("s", "S", null, null, null, List.of(new Sftp(" ")), null, null);
        assertThat(i.endpoint()).contains(new Sftp(" "));
        assertThat(i.aeTitle()).isNull();
        assertThat(i.problems()).containsExactly("sftp host: required");
    }
}
