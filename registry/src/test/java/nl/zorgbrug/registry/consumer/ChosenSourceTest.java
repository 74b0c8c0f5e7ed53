package nl.zorgbrug.registry.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;

/** Each repository's address says how its instances are fetched; one the node cannot do is said, not guessed. */
class ChosenSourceTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    final List<String> asked = new ArrayList<>();
    final ManifestInstances.Instance instance = new ManifestInstances.Instance("2.25.1", "2.25.1.1", CT, "2.25.1.1.1",
            "1.2.3");

    StudyImport.InstanceSource named(String name) {
        return (repository, i) -> {
            asked.add(name + " " + repository);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            return new DicomFile(null, FileMetaInformation.create(CT, i.sopInstanceUid(), ts, "X"), new DataSet(), ts,
                    true);
        };
    }

    @Test
    void theRepositorysRetrievalChoosesTheSource() throws IOException {
        Map<String, RepositoryAddress> book = Map.of(
                "1.2.3", new RepositoryAddress("1.2.3", null, "a", "https://a/iti43", "https://a/dicom-web", null, null),
                "1.2.4", new RepositoryAddress("1.2.4", null, "b", "https://b/iti43", null, null, null,
                        "https://b/services/xdsi-rad69", RepositoryAddress.Retrieval.RAD_69));
        ChosenSource chosen = new ChosenSource(book::get, Map.of(RepositoryAddress.Retrieval.WADO_RS, named("wado"),
                RepositoryAddress.Retrieval.RAD_69, named("rad69")));

        chosen.fetch("1.2.3", instance);
        chosen.fetch("1.2.4", instance);

        assertThat(asked).containsExactly("wado 1.2.3", "rad69 1.2.4");
        assertThatThrownBy(() -> chosen.fetch("1.2.9", instance)).isInstanceOf(IOException.class)
                .hasMessageContaining("repository 1.2.9 is not in the address book");
        ChosenSource wadoOnly = new ChosenSource(book::get, Map.of(RepositoryAddress.Retrieval.WADO_RS, named("wado")));
        assertThatThrownBy(() -> wadoOnly.fetch("1.2.4", instance)).isInstanceOf(IOException.class)
                .hasMessageContaining("lists retrieval RAD_69");
    }
}
