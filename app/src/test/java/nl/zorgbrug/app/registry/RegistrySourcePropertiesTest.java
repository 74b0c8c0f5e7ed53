package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.app.node.ConfigurationError;

/**
 * {@code zorgbrug.registry.source.transaction}: ITI-42 unless set, RAD-68 as the IHE Technical Framework spells it;
 * anything else, or RAD-68 without the external repository's endpoint, stops the node at start naming the key.
 */
class RegistrySourcePropertiesTest {

    @Test
    void iti42UnlessSetAndRad68AsSpelled() {
        assertThat(properties(null, "https://registry.test/services/xds-iti42").submission())
                .isEqualTo(RegistrySourceProperties.Transaction.ITI_42);
        RegistrySourceProperties rad68 = properties("rad-68", "https://repository.test/services/xds-iti41");
        assertThat(rad68.submission()).isEqualTo(RegistrySourceProperties.Transaction.RAD_68);
        assertThat(rad68.transaction()).isEqualTo("RAD-68");
        assertThat(rad68.channel().destination().name()).contains("RAD-68");
    }

    @Test
    void anUnknownTransactionOrRad68WithoutEndpointStopsTheNodeSayingWhatToSet() {
        assertThatThrownBy(() -> properties("XDR", "https://registry.test/services/xds-iti42"))
                .isInstanceOfSatisfying(ConfigurationError.class, e -> {
                    assertThat(e.key()).isEqualTo("zorgbrug.registry.source.transaction");
                    assertThat(e.value()).isEqualTo("XDR");
                    assertThat(e.allowed()).contains("ITI-42").contains("RAD-68");
                });
        assertThatThrownBy(() -> properties("RAD-68", " "))
                .isInstanceOfSatisfying(ConfigurationError.class, e -> {
                    assertThat(e.key()).isEqualTo("zorgbrug.registry.source.url");
                    assertThat(e.allowed()).contains("external repository's RAD-68 endpoint");
                });
        assertThatThrownBy(() -> properties("RAD-68", "repository.test"))
                .isInstanceOfSatisfying(ConfigurationError.class, e -> assertThat(e.allowed())
                        .contains("external repository's RAD-68 endpoint"));
    }

    private static RegistrySourceProperties properties(String transaction, String url) {
        return new RegistrySourceProperties(true, transaction, null, url, null, null, null, null,
                "2.16.528.1.1007.99.5", "2.16.528.1.1007.99.7.1", null, null, "Ziekenhuis Test",
                "2.16.528.1.1007.99.1", null, null, null, null, null, null);
    }
}
