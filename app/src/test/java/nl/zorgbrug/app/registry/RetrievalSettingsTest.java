package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.app.node.ZorgbrugApplication;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.registry.consumer.RepositoryAddress;

/**
 * The C-MOVE settings of issue 20 are checked when the node starts, each error naming the key, the value and what is
 * allowed: the move destination's AE title and port, a repository asking C-MOVE without an address-book entry or
 * without the node's move destination, an entry the book lacks or holds without an AE title, an own PACS given by both
 * URL and entry, and a retrieval the node does not know.
 */
@ExtendWith(OutputCaptureExtension.class)
class RetrievalSettingsTest {
    static final MoveDestinationProperties NONE = new MoveDestinationProperties(null, null, null, null);
    static final MoveDestinationProperties MOVE = new MoveDestinationProperties("ZB_MOVE", 11113, null, null);
    static final ImagingSourceProperties NO_SOURCE = new ImagingSourceProperties(null, null, null, false, null);

    @TempDir
    Path dir;

    static RegistryConsumerProperties consumer(String institution, RepositoryAddress.Retrieval retrieval) {
        return new RegistryConsumerProperties(false, null, null, null, null, null, null, null, null, null,
                List.of(new RegistryConsumerProperties.Repository("2.16.528.1.1007.99.7.1", null, institution,
                        "https://a.example/services/xds-iti43", null, null, null, null, retrieval)));
    }

    static Institution dicom(String key, String aeTitle) {
        return new Institution(key, key, null, null, null, aeTitle, aeTitle == null ? null : "127.0.0.1",
                aeTitle == null ? 0 : 104, false, aeTitle == null ? "https://" + key + ".example/dicom-web/studies" : null,
                null, null);
    }

    @Test
    void theMoveDestinationIsAnAeTitleWithAPort() {
        assertThatThrownBy(() -> new MoveDestinationProperties("ZB_MOVE_TO_HOSPITAL_B", 11113, null, null))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.registry.move-destination.ae-title = 'ZB_MOVE_TO_HOSPITAL_B' is not"
                        + " allowed: an AE title of 1 to 16 characters");
        assertThatThrownBy(() -> new MoveDestinationProperties("ZB_MOVE", null, null, null))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.registry.move-destination.port is not set");
        assertThatThrownBy(() -> new MoveDestinationProperties(null, 11113, null, null))
                .hasMessageContaining("zorgbrug.registry.move-destination.ae-title is not set");
        assertThat(MOVE.configured()).isTrue();
        assertThat(NONE.configured()).isFalse();
    }

    @Test
    void aRepositoryRetrievedByCMoveNamesItsAddressBookEntryAndNeedsTheMoveDestination() {
        assertThatThrownBy(() -> consumer(null, RepositoryAddress.Retrieval.C_MOVE))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.registry.consumer.repositories[0].institution is not set")
                .hasMessageContaining("when retrieval is C_MOVE");
        assertThatThrownBy(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.C_MOVE),
                NO_SOURCE, NONE, List.of(dicom("hospital-a", "PACS_A"))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.registry.move-destination.ae-title is not set")
                .hasMessageContaining("zorgbrug.registry.consumer.repositories[0].institution names a PACS to C-MOVE");
    }

    @Test
    void theEntryMovedFromMustBeADicomEntryOfTheBookOnceItHasEntries() {
        assertThatThrownBy(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.C_MOVE),
                NO_SOURCE, MOVE, List.of(dicom("umcx", "UMCX"))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.registry.consumer.repositories[0].institution = 'hospital-a' is not"
                        + " allowed: a key of the address book: umcx");
        assertThatThrownBy(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.C_MOVE),
                NO_SOURCE, MOVE, List.of(dicom("hospital-a", null))))
                .hasMessageContaining("an address-book entry with a DICOM AE title, host and port");
        assertThatThrownBy(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.WADO_RS),
                new ImagingSourceProperties(null, null, null, false, "own-pacs"), MOVE,
                List.of(dicom("hospital-a", "PACS_A"))))
                .hasMessageContaining("zorgbrug.registry.source.pacs.node = 'own-pacs' is not allowed: a key of the"
                        + " address book: hospital-a");
        // A new node's empty book: logged, the retrievals wait for the entry.
        assertThatCode(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.C_MOVE),
                NO_SOURCE, MOVE, List.of())).doesNotThrowAnyException();
        assertThatCode(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.C_MOVE),
                new ImagingSourceProperties(null, null, null, false, "own-pacs"), MOVE,
                List.of(dicom("hospital-a", "PACS_A"), dicom("own-pacs", "PACS_B")))).doesNotThrowAnyException();
        // WADO-RS needs neither move destination nor DICOM entry.
        assertThatCode(() -> RetrievalNodesCheck.check(consumer("hospital-a", RepositoryAddress.Retrieval.WADO_RS),
                NO_SOURCE, NONE, List.of(dicom("hospital-a", null)))).doesNotThrowAnyException();
    }

    @Test
    void theOwnPacsIsEitherAUrlOrAnEntry() {
        assertThatThrownBy(() -> new ImagingSourceProperties("http://127.0.0.1:8042/dicom-web", null, null, false,
                "own-pacs")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.registry.source.pacs.node = 'own-pacs' is not allowed: unset when"
                        + " zorgbrug.registry.source.pacs.url is set");
    }

    /** A retrieval the node does not know stops the start naming the key and the values it knows. */
    @Test
    void anUnknownRetrievalStopsTheStartNamingTheValuesAllowed(CapturedOutput output) {
        String[] args = {"--zorgbrug.data-dir=" + dir.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:retrieval1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH",
                "--server.port=0", "--zorgbrug.gateway.port=0",
                "--zorgbrug.users[0].name=root", "--zorgbrug.users[0].password={noop}config-test",
                "--zorgbrug.users[0].roles=ADMIN",
                "--zorgbrug.registry.consumer.repositories[0].repository-unique-id=2.16.528.1.1007.99.7.1",
                "--zorgbrug.registry.consumer.repositories[0].iti43-url=https://a.example/services/xds-iti43",
                "--zorgbrug.registry.consumer.repositories[0].institution=hospital-a",
                "--zorgbrug.registry.consumer.repositories[0].retrieval=DIMSE"};
        assertThatThrownBy(() -> new SpringApplicationBuilder(ZorgbrugApplication.class).run(args))
                .hasStackTraceContaining("zorgbrug.registry.consumer.repositories[0].retrieval");
        String report = output.getOut().substring(output.getOut().lastIndexOf("APPLICATION FAILED TO START"));
        assertThat(report).contains("zorgbrug.registry.consumer.repositories[0].retrieval", "DIMSE", "WADO_RS",
                "RAD_69", "C_MOVE");
    }
}
