package nl.zorgbrug.registry.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConfiguredRepositoriesTest {
    private static final String HOSPITAL_A = "urn:oid:2.16.528.1.1007.99.7";
    private final RepositoryAddress byRepository = new RepositoryAddress("2.16.528.1.1007.99.7.1", HOSPITAL_A,
            "hospital-a", "https://a.example/services/xds-iti43", null, null, null);
    private final RepositoryAddress byCommunity = new RepositoryAddress("2.16.528.1.1007.99.8.1",
            "urn:oid:2.16.528.1.1007.99.8", "hospital-b", "https://b.example/services/xds-iti43", null, null, null,
            "https://b.example/services/xdsi-rad69", RepositoryAddress.Retrieval.RAD_69);
    private final ConfiguredRepositories directory = new ConfiguredRepositories(List.of(byRepository, byCommunity));

    @Test
    void aListedRepositoryIsFoundByItsUniqueIdWhateverItsCommunity() {
        assertThat(directory.find(" 2.16.528.1.1007.99.7.1 ", "urn:oid:2.16.528.1.1007.99.8")).contains(byRepository);
    }

    @Test
    void anUnlistedRepositoryOfAListedCommunityGetsTheCommunitysEndpointsUnderItsOwnId() {
        RepositoryAddress found = directory.find("2.16.528.1.1007.99.8.2", "urn:oid:2.16.528.1.1007.99.8").orElseThrow();
        assertThat(found.repositoryUniqueId()).isEqualTo("2.16.528.1.1007.99.8.2");
        assertThat(found.iti43Url()).isEqualTo(byCommunity.iti43Url());
        assertThat(found.rad69Url()).isEqualTo(byCommunity.rad69Url());
        assertThat(found.retrieval()).isEqualTo(RepositoryAddress.Retrieval.RAD_69);
        assertThat(found.institution()).isEqualTo("hospital-b");
    }

    @Test
    void neitherKnownIsEmpty() {
        assertThat(directory.find("2.16.528.1.1007.99.9.1", "urn:oid:2.16.528.1.1007.99.9")).isEmpty();
        assertThat(directory.find("2.16.528.1.1007.99.9.1", null)).isEmpty();
        assertThat(directory.find("2.16.528.1.1007.99.8.2", " ")).isEmpty();
    }
}
