package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;

import nl.zorgbrug.gateway.job.JobQueries.JobPatient;

class JobPatientsTest {
    private final Map<Long, JobPatient> patients = Map.of(
            1L, new JobPatient("Dijk^Jürgen", "999911120"),
            2L, new JobPatient("Vries^Ëlla", "PAT-0042"));

    @Test
    void aBsnIsMaskedUnlessTheUserIsAnAuditor() {
        var operator = JobPatients.view(patients, new TestingAuthenticationToken("olga", "x", List.of(
                new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_OPERATOR"))));
        assertThat(operator.get(1L).id()).isEqualTo("*****1120");
        assertThat(operator.get(2L).id()).isEqualTo("PAT-0042");
        var auditor = JobPatients.view(patients, new TestingAuthenticationToken("anna", "x", List.of(
                new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_AUDITOR"))));
        assertThat(auditor.get(1L).id()).isEqualTo("999911120");
    }
}
